"""The official Bot API spec, and checking calls against it as Telegram would."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .records import ApiError, Upload, bad_request

SPEC_FILE = Path(__file__).with_name("spec") / "bot-api-spec.min.json"
SCALARS = frozenset({"Integer", "Float", "String", "Boolean", "True", "InputFile"})
_INT = re.compile(r"[+-]?\d+")
_ATTACH = re.compile(r"attach://([A-Za-z0-9_\-.]+)")


@dataclass(frozen=True)
class FieldSpec:
    """One parameter of a method (or field of a type)."""

    name: str
    types: tuple[str, ...]
    required: bool


@dataclass(frozen=True)
class MethodSpec:
    """One Bot API method."""

    name: str
    fields: Mapping[str, FieldSpec]
    returns: tuple[str, ...]


def _fields(raw: Sequence[Mapping[str, Any]]) -> dict[str, FieldSpec]:
    return {f["name"]: FieldSpec(f["name"], tuple(f["types"]), bool(f["required"])) for f in raw}


class Spec:
    """Methods and types of the Bot API, with call validation."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.version: str = data["version"]
        self.methods = {
            name.lower(): MethodSpec(name, _fields(m.get("fields", [])), tuple(m["returns"]))
            for name, m in data["methods"].items()
        }
        self.types: dict[str, dict[str, FieldSpec]] = {
            name: _fields(t.get("fields", [])) for name, t in data["types"].items()
        }
        self.subtypes: dict[str, tuple[str, ...]] = {
            name: tuple(t["subtypes"]) for name, t in data["types"].items() if t.get("subtypes")
        }

    @classmethod
    @functools.cache
    def load(cls) -> Spec:
        """The vendored spec (parsed once per process)."""
        return cls(json.loads(SPEC_FILE.read_text(encoding="utf-8")))

    def method(self, name: str) -> MethodSpec | None:
        """Look a method up; Telegram ignores the case of method names."""
        return self.methods.get(name.lower())

    def validate(
        self, method: MethodSpec, raw: Mapping[str, str], uploads: Mapping[str, Upload]
    ) -> dict[str, Any]:
        """Refuse the call as Telegram would, else return its decoded parameters."""
        attached = {m for value in raw.values() for m in _ATTACH.findall(value)}
        for name in [*raw, *uploads]:
            if name not in method.fields and name not in attached:
                raise bad_request(f"unknown field {name}")
        params: dict[str, Any] = {}
        for f in method.fields.values():
            upload = uploads.get(f.name)
            value = raw.get(f.name)
            if upload is None and not value:
                # Telegram treats an empty parameter like a missing one.
                if f.required:
                    raise bad_request(f"{f.name} is empty")
                continue
            params[f.name] = self._decode(f, value, upload, uploads)
        return params

    def _decode(
        self, f: FieldSpec, raw: str | None, upload: Upload | None, uploads: Mapping[str, Upload]
    ) -> Any:
        if upload is not None:
            if "InputFile" not in f.types:
                raise bad_request(f'field "{f.name}" must not be a file')
            return upload
        assert raw is not None
        problem = f'field "{f.name}" must be of type {" or ".join(f.types)}'
        for t in f.types:
            if t == "Integer" and _INT.fullmatch(raw.strip()):
                return int(raw)
            if t == "Float":
                try:
                    return float(raw)
                except ValueError:
                    continue
            if t in ("Boolean", "True") and raw.lower() in ("true", "false", "1", "0"):
                return raw.lower() in ("true", "1")
            if t == "InputFile" and raw.startswith("attach://"):
                if raw[9:] not in uploads:
                    raise bad_request(f"file {raw} not found in the request")
                return uploads[raw[9:]]
            if t == "String":
                return raw
            if t not in SCALARS:
                try:
                    value = json.loads(raw)
                except ValueError:
                    raise bad_request(f"can't parse {f.name} JSON object") from None
                detail = self.check(value, t)
                if detail is None:
                    return value
                problem = f"can't parse {f.name}: {detail}"
        raise bad_request(problem)

    def check(self, value: Any, type_name: str, path: str = "") -> str | None:
        """Why value is not a valid type_name per the spec, or None if it is."""
        where = path or type_name
        if type_name.startswith("Array of "):
            if not isinstance(value, list):
                return f"{where} must be an Array"
            for i, item in enumerate(value):
                detail = self.check(item, type_name[9:], f"{where}[{i}]")
                if detail:
                    return detail
            return None
        if type_name in SCALARS:
            return None if _scalar_ok(value, type_name) else f"{where} must be {type_name}"
        if type_name in self.subtypes:
            details = [self.check(value, sub, path) for sub in self.subtypes[type_name]]
            if any(d is None for d in details):
                return None
            return f"{where} matches none of {', '.join(self.subtypes[type_name])}"
        fields = self.types.get(type_name)
        if fields is None:
            return None
        if not isinstance(value, dict):
            return f"{where} must be an object of type {type_name}"
        for f in fields.values():
            if f.name not in value:
                if f.required:
                    return f'field "{f.name}" of {type_name} is missing'
                continue
            details = [self.check(value[f.name], t, f"{where}.{f.name}") for t in f.types]
            if all(details):
                return details[0]
        return None

    def check_result(self, method: MethodSpec, result: Any) -> str | None:
        """Why a result does not match the method's return type, or None."""
        details = [self.check(result, t) for t in method.returns]
        return None if not all(details) else details[0]


def _scalar_ok(value: Any, type_name: str) -> bool:
    if type_name == "Integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if type_name == "Float":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if type_name == "Boolean":
        return isinstance(value, bool)
    if type_name == "True":
        return value is True
    return isinstance(value, str)


def refuse_unknown_method() -> ApiError:
    """Telegram's answer to a method that does not exist."""
    return ApiError(404, "Not Found")
