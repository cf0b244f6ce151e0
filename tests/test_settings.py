"""Settings: exact FRONTDESK_ names, one-line errors, the token never shown."""

import pytest

from config.settings import SettingsError, load_settings

REQUIRED = {
    "FRONTDESK_BOT_TOKEN": "123456:hush-abcdef",
    "FRONTDESK_STAFF_CHAT_ID": "-1001234567890",
    "FRONTDESK_OWNER_IDS": "1,2",
}


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    import os

    for name in list(os.environ):
        if name.startswith("FRONTDESK_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(str(tmp_path))  # no stray .env file


def test_defaults_follow_product_table(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in REQUIRED.items():
        monkeypatch.setenv(name, value)
    settings = load_settings()
    assert settings.shop_name == "our shop"
    assert settings.timezone == "UTC"
    assert str(settings.db_path) == "data/frontdesk.sqlite3"
    assert settings.first_response_sla_seconds == 600
    assert settings.followup_after_seconds == 0
    assert settings.webhook_url is None
    assert settings.log_level == "INFO"
    assert settings.owner_ids == (1, 2)
    assert settings.language == "en"
    assert settings.flood_limit == 30


def test_owner_ids_as_json_list(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in REQUIRED.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("FRONTDESK_OWNER_IDS", "[7, 8]")
    assert load_settings().owner_ids == (7, 8)


def test_dotenv_file_is_read(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    from pathlib import Path

    lines = [f"{name}={value}" for name, value in REQUIRED.items()]
    Path(".env").write_text("\n".join([*lines, "FRONTDESK_SHOP_NAME=Corner Bakery"]))
    assert load_settings().shop_name == "Corner Bakery"


@pytest.mark.parametrize("missing", sorted(REQUIRED))
def test_missing_setting_is_one_line_naming_it(
    monkeypatch: pytest.MonkeyPatch, missing: str
) -> None:
    for name, value in REQUIRED.items():
        if name != missing:
            monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as error:
        load_settings()
    assert str(error.value) == f"{missing} is not set (see .env.example)"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("FRONTDESK_STAFF_CHAT_ID", "12345"),
        ("FRONTDESK_STAFF_CHAT_ID", "abc"),
        ("FRONTDESK_OWNER_IDS", "one,two"),
        ("FRONTDESK_OWNER_IDS", ""),
        ("FRONTDESK_TIMEZONE", "Mars/Olympus"),
        ("FRONTDESK_BOT_TOKEN", "not-a-token"),
        ("FRONTDESK_FIRST_RESPONSE_SLA_SECONDS", "0"),
        ("FRONTDESK_LOG_LEVEL", "LOUD"),
        ("FRONTDESK_LANGUAGE", "klingon"),
        ("FRONTDESK_LANGUAGE", "pt-br"),
        ("FRONTDESK_FLOOD_LIMIT", "-1"),
        ("FRONTDESK_FLOOD_LIMIT", "many"),
    ],
)
def test_malformed_setting_is_one_line_naming_it(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    for required, default in REQUIRED.items():
        monkeypatch.setenv(required, default)
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as error:
        load_settings()
    message = str(error.value)
    assert message.startswith(f"{name} is invalid")
    assert "\n" not in message
    assert "hush" not in message


def test_description_masks_the_token(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in REQUIRED.items():
        monkeypatch.setenv(name, value)
    described = "\n".join(load_settings().describe())
    assert "FRONTDESK_BOT_TOKEN=123456:****" in described
    assert "hush" not in described
