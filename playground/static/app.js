// Frontdesk playground: draws the pretend Telegram and lets you play customer, staff and owner.
"use strict";

const $ = (selector, root = document) => root.querySelector(selector);
const NAME_COLORS = ["#cc5049", "#d67722", "#955cdb", "#40a920", "#309eba", "#368ad1", "#c7508b"];
const CUSTOMER_IDEAS = [
  "/start",
  "My cake arrived squashed 😢",
  "Is order #1042 ready for pick-up?",
  "Do you have gluten-free bread?",
];
// Commands that need words after them are put in the box; the others are sent at once.
const TAKES_WORDS = new Set(["/note", "/assign", "/name", "/greeting", "/away", "/closed", "/open"]);
const phoneSized = window.matchMedia("(max-width: 820px)");
const touch = window.matchMedia("(hover: none)");
// Material icons, drawn inline so the page needs no icon font (nor an emoji font).
const PATHS = {
  file: "M6 2c-1.1 0-1.99.9-1.99 2L4 20c0 1.1.89 2 1.99 2H18c1.1 0 2-.9 2-2V8l-6-6H6zm7 7V3.5L18.5 9H13z",
  voice: "M12 14c1.66 0 2.99-1.34 2.99-3L15 5c0-1.66-1.34-3-3-3S9 3.34 9 5v6c0 1.66 1.34 3 3 3zm5.3-3c0 3-2.54 5.1-5.3 5.1S6.7 14 6.7 11H5c0 3.41 2.72 6.23 6 6.72V21h2v-3.28c3.28-.48 6-3.3 6-6.72h-1.7z",
  photo: "M21 19V5c0-1.1-.9-2-2-2H5c-1.1 0-2 .9-2 2v14c0 1.1.9 2 2 2h14c1.1 0 2-.9 2-2zM8.5 13.5l2.5 3.01L14.5 12l4.5 6H5l3.5-4.5z",
  location: "M12 2C8.13 2 5 5.13 5 9c0 5.25 7 13 7 13s7-7.75 7-13c0-3.87-3.13-7-7-7zm0 9.5a2.5 2.5 0 0 1 0-5 2.5 2.5 0 0 1 0 5z",
  video: "M17 10.5V7c0-.55-.45-1-1-1H4c-.55 0-1 .45-1 1v10c0 .55.45 1 1 1h12c.55 0 1-.45 1-1v-3.5l4 4v-11l-4 4z",
  audio: "M12 3v10.55A4 4 0 1 0 14 17V7h4V3h-6z",
  lock: "M18 8h-1V6c0-2.76-2.24-5-5-5S7 3.24 7 6v2H6c-1.1 0-2 .9-2 2v10c0 1.1.9 2 2 2h12c1.1 0 2-.9 2-2V10c0-1.1-.9-2-2-2zm-6 9c-1.1 0-2-.9-2-2s.9-2 2-2 2 .9 2 2-.9 2-2 2zm3.1-9H8.9V6c0-1.71 1.39-3.1 3.1-3.1 1.71 0 3.1 1.39 3.1 3.1v2z",
  reply: "M10 9V5l-7 7 7 7v-4.1c5 0 8.5 1.6 11 5.1-1-5-4-10-11-11z",
};
const ICON_OF = { photo: "photo", voice: "voice", video: "video", video_note: "video", animation: "video",
  audio: "audio", location: "location", venue: "location" };
const svg = (name, cls = "") => `<svg class="${cls}" viewBox="0 0 24 24" aria-hidden="true"><path d="${PATHS[name]}"/></svg>`;

const state = {
  setup: null,
  customer: null,
  thread: "general",
  right: "staff",
  show: "customer",
  topics: [],
  seen: new Map(),
  unreadCustomers: new Set(),
  unreadPanes: new Set(),
  replyTo: { customer: null, staff: null, owner: null },
  // Whom the customer writes to: "bot", or "business" (the shop's own business account).
  to: "bot",
};

// -- talking to the playground -----------------------------------------------------------

async function api(path, body) {
  const options = body === undefined ? {} : {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  };
  const response = await fetch(path, options);
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.error || response.statusText);
  return data;
}

/** Run fn at most once at a time; calls meanwhile make one more run afterwards. */
function serial(fn) {
  let running = null;
  let again = false;
  return async function run() {
    if (running) { again = true; return running; }
    running = (async () => {
      do { again = false; await fn().catch(showError); } while (again);
    })();
    try { await running; } finally { running = null; }
  };
}

// -- small helpers -----------------------------------------------------------------------

function esc(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => (
    { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}
function textOf(html) {
  const template = document.createElement("template");
  template.innerHTML = html.replace(/<br>/g, " ");
  return template.content.textContent;
}
const two = (n) => String(n).padStart(2, "0");
function clock(unix) {
  const d = new Date(unix * 1000);
  return `${two(d.getHours())}:${two(d.getMinutes())}`;
}
function dayLabel(unix) {
  const d = new Date(unix * 1000);
  const today = new Date();
  if (d.toDateString() === today.toDateString()) return "Today";
  return d.toLocaleDateString(undefined, { day: "numeric", month: "long" });
}
const nameColor = (id) => NAME_COLORS[Math.abs(id) % NAME_COLORS.length];
const firstName = (person) => person.name.split(" ")[0];
function team() {
  const s = state.setup;
  return [...s.staff, { ...s.owner, role: "owner" }];
}
function roleOf(id) {
  const s = state.setup;
  if (id === s.bot.id) return "bot";
  if (id === s.owner.id) return "owner";
  return "";
}
function nextChristmas() {
  const now = new Date();
  const year = now.getMonth() === 11 && now.getDate() > 25 ? now.getFullYear() + 1 : now.getFullYear();
  return `${year}-12-25`;
}

let toastTimer = null;
function toast(pane, text) {
  const box = $(`#${pane}-toast`) || $("#customer-toast");
  box.textContent = text;
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { box.hidden = true; }, 2600);
}
function showError(error) {
  console.error(error);
  toast(state.show === "owner" ? "owner" : "customer", `⚠️ ${error.message || error}`);
}

// -- drawing messages --------------------------------------------------------------------

function mediaHtml(media) {
  if (!media) return "";
  if (media.kind === "photo" && media.url) {
    return `<img class="photo" src="${esc(media.url)}" alt="Photo">`;
  }
  if (media.kind === "sticker") return `<div class="sticker">${esc(media.icon)}</div>`;
  const kind = media.kind === "document" ? "" : `<span class="file-kind">${esc(media.kind.replace("_", " "))}</span>`;
  const inner = `<span class="file-icon">${svg(ICON_OF[media.kind] || "file")}</span>` +
    `<span><span class="file-name">${esc(media.label)}</span>${kind}</span>`;
  return media.url
    ? `<a class="file" href="${esc(media.url)}" download>${inner}</a>`
    : `<div class="file">${inner}</div>`;
}

function messageHtml(m, opts, first) {
  if (m.service) return `<div class="service">${esc(m.service)}</div>`;
  const out = m.from.id === opts.me;
  const classes = ["msg", out ? "out" : "in", first ? "first" : ""].join(" ");
  const parts = [];
  if (opts.group && !out && first) {
    const role = roleOf(m.from.id);
    parts.push(`<div class="name" style="color:${nameColor(m.from.id)}">${esc(m.from.name)}` +
      (role ? `<span class="role">${role}</span>` : "") + "</div>");
  }
  if (m.forwarded) parts.push(`<div class="forwarded">Forwarded from ${esc(m.forwarded)}</div>`);
  if (m.reply) {
    parts.push(`<span class="quote" data-goto="${m.reply.id}"><b>${esc(m.reply.name)}</b>` +
      `<span>${esc(m.reply.text)}</span></span>`);
  }
  parts.push(mediaHtml(m.media));
  const meta = `<span class="meta">${m.edited ? "edited " : ""}${clock(m.date)}</span>`;
  const picture = m.media && m.media.kind === "photo" && m.media.url;
  const bubble = ["bubble", picture ? "has-photo" : "", picture && !m.html ? "photo-only" : ""];
  parts.push(picture && !m.html ? meta : `<div class="text">${m.html}${meta}</div>`);
  let keyboard = "";
  if (m.buttons.length) {
    keyboard = `<div class="keyboard">${m.buttons.map((row) => `<div class="row">${row.map((b) =>
      `<button type="button" data-data="${esc(b.data)}" data-url="${esc(b.url)}">${esc(b.text)}</button>`
    ).join("")}</div>`).join("")}</div>`;
  }
  const preview = m.html ? textOf(m.html) : (m.media ? `${m.media.icon} ${m.media.label}` : "");
  return `<div class="${classes}" data-id="${m.id}" data-name="${esc(m.from.name)}" ` +
    `data-preview="${esc(preview.slice(0, 100))}"><div class="${bubble.join(" ").trim()}">` +
    `${parts.join("")}</div>${keyboard}` +
    `<button type="button" class="reply-btn" title="Reply" aria-label="Reply">${svg("reply")}</button></div>`;
}

function chatItems(messages, opts) {
  const items = [];
  let lastDay = null;
  let previous = null;
  for (const m of messages) {
    const day = dayLabel(m.date);
    if (day !== lastDay) {
      items.push({ key: `day-${day}`, html: `<div class="day">${esc(day)}</div>` });
      lastDay = day;
      previous = null;
    }
    const first = !previous || previous.service || previous.from.id !== m.from.id ||
      m.date - previous.date > 300 || (previous.buttons && previous.buttons.length);
    items.push({ key: `m-${m.id}`, html: messageHtml(m, opts, first) });
    previous = m;
  }
  if (!items.length) {
    items.push({ key: "empty", html: `<div class="empty">${esc(opts.empty)}</div>` });
  }
  return items;
}

/** Update a chat in place: unchanged messages keep their elements (and loaded pictures). */
function patch(container, items, forceBottom) {
  const stick = forceBottom || container.dataset.stuck !== "no";
  const old = new Map([...container.children].map((el) => [el.dataset.key, el]));
  let previous = null;
  for (const item of items) {
    let el = old.get(item.key);
    if (!el || el.dataset.html !== item.html) {
      const template = document.createElement("template");
      template.innerHTML = item.html.trim();
      const fresh = template.content.firstElementChild;
      fresh.dataset.key = item.key;
      fresh.dataset.html = item.html;
      if (el) el.replaceWith(fresh);
      el = fresh;
    }
    old.delete(item.key);
    const expected = previous ? previous.nextElementSibling : container.firstElementChild;
    if (expected !== el) container.insertBefore(el, expected);
    previous = el;
  }
  for (const el of old.values()) el.remove();
  if (stick) scrollToBottom(container);
}

function scrollToBottom(container) {
  container.scrollTop = container.scrollHeight;
  container.dataset.stuck = "yes";
}

function watchScrolling(container) {
  container.addEventListener("scroll", () => {
    const gap = container.scrollHeight - container.scrollTop - container.clientHeight;
    container.dataset.stuck = gap < 80 ? "yes" : "no";
  });
  // Pictures change the height once loaded; stay at the bottom if we were there.
  container.addEventListener("load", () => {
    if (container.dataset.stuck !== "no") scrollToBottom(container);
  }, true);
}

// -- the three chats ---------------------------------------------------------------------

const refreshCustomer = serial(async () => {
  const id = state.customer;
  const to = state.to;
  const messages = await api(`/api/messages?chat=${id}${to === "business" ? "&business=1" : ""}`);
  if (id !== state.customer || to !== state.to) return;
  const who = state.setup.customers.find((c) => c.id === id);
  const empty = to === "business"
    ? `${firstName(who)} hasn't written to the shop's account yet. Type a message below.`
    : `${firstName(who)} hasn't written yet. Type a message below, or try an idea above the box.`;
  patch($("#customer-chat"), chatItems(messages, { me: id, group: false, empty }));
});

const refreshOwner = serial(async () => {
  const owner = state.setup.owner;
  const messages = await api(`/api/messages?chat=${owner.id}`);
  patch($("#owner-chat"), chatItems(messages, {
    me: owner.id, group: false,
    empty: `${owner.name} owns the shop. Try /hours, /stats or the ideas below.`,
  }));
});

const refreshTopics = serial(async () => {
  state.topics = await api("/api/topics");
  if (!state.topics.some((t) => key(t.thread) === state.thread)) state.thread = "general";
  drawTopics();
});

const refreshThread = serial(async () => {
  const thread = state.thread;
  const s = state.setup;
  const messages = await api(`/api/messages?chat=${s.staff_chat.id}&thread=${thread}`);
  if (thread !== state.thread) return;
  const chat = $("#staff-chat");
  patch(chat, chatItems(messages, {
    me: Number($("#staff-as").value), group: true,
    empty: "No messages here yet.",
  }), chat.dataset.thread !== thread);
  chat.dataset.thread = thread;
  const topic = state.topics.find((t) => key(t.thread) === thread);
  if (topic) markSeen(topic);
});

const key = (thread) => (thread === null ? "general" : String(thread));

function markSeen(topic) {
  state.seen.set(key(topic.thread), topic.last_id);
}

function unreadIn(topic) {
  const seen = state.seen.get(key(topic.thread)) ?? 0;
  return topic.ids.filter((id) => id > seen).length;
}

function drawTopics() {
  const list = $("#topic-list");
  list.innerHTML = state.topics.map((t) => {
    const k = key(t.thread);
    const active = k === state.thread ? " active" : "";
    const icon = t.thread === null
      ? '<div class="topic-icon general">#</div>'
      : `<div class="topic-icon" style="background:${esc(t.color)}">${esc(t.name.slice(0, 1))}</div>`;
    const unread = k === state.thread ? 0 : unreadIn(t);
    const from = t.last_from === state.setup.bot.name ? t.last_from : t.last_from.split(" ")[0];
    const who = from ? `<span class="who">${esc(from)}:</span>` : "";
    return `<li class="topic-row${active}" data-thread="${k}" tabindex="0">${icon}` +
      `<div class="topic-main"><div class="topic-top"><span class="topic-name">` +
      `${t.closed ? svg("lock", "lock") : ""}${esc(t.name)}</span>` +
      `<span class="topic-time">${t.last_date ? clock(t.last_date) : ""}</span></div>` +
      `<div class="topic-preview">${who}<span class="txt">${esc(t.last_text)}</span>` +
      `${unread ? `<span class="badge">${unread}</span>` : ""}</div></div></li>`;
  }).join("");
  const topic = state.topics.find((t) => key(t.thread) === state.thread);
  $("#topic-title").textContent = topic ? topic.name : "General";
  $("#topic-sub").textContent = !topic || topic.thread === null
    ? `${state.setup.staff_chat.title} · team chatter, not sent to customers`
    : topic.closed
      ? "closed · it reopens when the customer writes again"
      : "customer topic · what you write here goes to the customer";
  const icon = $("#topic-icon");
  icon.className = topic && topic.thread !== null ? "topic-icon" : "topic-icon general";
  icon.style.background = topic && topic.thread !== null ? topic.color : "";
  icon.textContent = topic && topic.thread !== null ? topic.name.slice(0, 1) : "#";
  drawSuggestions();
}

function selectTopic(thread) {
  state.thread = thread;
  state.replyTo.staff = null;
  drawReply("staff");
  $(".desk").dataset.view = "thread";
  drawTopics();
  refreshThread();
}

// -- customers ---------------------------------------------------------------------------

function drawCustomers() {
  $("#customers").innerHTML = state.setup.customers.map((c) => {
    const active = c.id === state.customer ? " active" : "";
    const dot = state.unreadCustomers.has(c.id) ? '<span class="dot"></span>' : "";
    return `<button type="button" class="chip${active}" role="tab" data-customer="${c.id}" ` +
      `aria-selected="${c.id === state.customer}">${esc(firstName(c))}${dot}</button>`;
  }).join("");
}

function drawLanguage() {
  const who = state.setup.customers.find((c) => c.id === state.customer);
  $("#customer-language").innerHTML = state.setup.languages.map((code) =>
    `<option value="${esc(code)}"${who && who.language === code ? " selected" : ""}>` +
    `🌐 ${esc(code)}</option>`).join("");
}

async function chooseLanguage(code) {
  const person = await api("/api/language", { user: state.customer, language: code });
  const who = state.setup.customers.find((c) => c.id === person.id);
  if (who) who.language = person.language;
}

function selectCustomer(id) {
  state.customer = id;
  drawLanguage();
  state.unreadCustomers.delete(id);
  state.replyTo.customer = null;
  drawReply("customer");
  drawCustomers();
  $("#customer-chat").replaceChildren();
  refreshCustomer();
}

/** The customer writes to the bot, or to the shop's business account. */
function writeTo(to) {
  const business = state.setup.business;
  state.to = business && to === "business" ? "business" : "bot";
  $("#customer-to").value = state.to;
  $("#customer-head").dataset.to = state.to;
  $("#customer-head-sub").innerHTML = state.to === "business"
    ? `business account · @${esc(business.account.username)}`
    : `bot · @${esc(state.setup.bot.username)}`;
  state.replyTo.customer = null;
  drawReply("customer");
  $("#customer-chat").replaceChildren();
  refreshCustomer();
}

async function addCustomer(name) {
  const person = await api("/api/customers", { name });
  state.setup.customers.push(person);
  selectCustomer(person.id);
}

// -- panes (tabs on a phone) ------------------------------------------------------------

function showPane(pane) {
  state.show = pane;
  if (pane !== "customer") state.right = pane;
  const panes = $(".panes");
  panes.dataset.show = pane;
  panes.dataset.right = state.right;
  state.unreadPanes.delete(pane);
  drawTabs();
  if (pane === "staff") refreshThread();
  if (pane === "owner") refreshOwner();
}

function visible(pane) {
  return phoneSized.matches ? state.show === pane : pane === "customer" || state.right === pane;
}

function labelTabs() {
  const small = phoneSized.matches;
  $('.tabs [data-pane="staff"]').textContent = small ? "Staff" : "Staff group";
  $('.tabs [data-pane="owner"]').textContent = small ? "Owner" : `${state.setup.owner.name}'s chat`;
  drawTabs();
}

function drawTabs() {
  for (const button of document.querySelectorAll(".tabs button")) {
    const pane = button.dataset.pane;
    const active = phoneSized.matches ? state.show === pane : state.right === pane;
    button.classList.toggle("active", active);
    const dot = button.querySelector(".dot");
    if (state.unreadPanes.has(pane) && !dot) button.insertAdjacentHTML("beforeend", '<span class="dot"></span>');
    if (!state.unreadPanes.has(pane) && dot) dot.remove();
  }
}

// -- writing -----------------------------------------------------------------------------

function sender(pane) {
  if (pane === "customer") return { user: state.customer, chat: state.customer, to: state.to };
  if (pane === "owner") return { user: state.setup.owner.id, chat: state.setup.owner.id };
  const thread = state.thread === "general" ? null : Number(state.thread);
  return { user: Number($("#staff-as").value), chat: state.setup.staff_chat.id, thread };
}

async function send(pane, text, photo = false) {
  const body = { ...sender(pane), text, photo, reply_to: state.replyTo[pane]?.id ?? null };
  await api("/api/send", body);
  state.replyTo[pane] = null;
  drawReply(pane);
  const chat = pane === "staff" ? $("#staff-chat") : $(`#${pane}-chat`);
  chat.dataset.stuck = "yes";
  refresh(pane);
}

function refresh(pane) {
  if (pane === "customer") refreshCustomer();
  if (pane === "owner") refreshOwner();
  if (pane === "staff") { refreshTopics(); refreshThread(); }
}

function drawReply(pane) {
  const bar = $(`#${pane}-reply`);
  const target = state.replyTo[pane];
  bar.hidden = !target;
  bar.innerHTML = target
    ? `<span class="quote"><b>Reply to ${esc(target.name)}</b><span>${esc(target.text)}</span></span>` +
      '<button type="button" aria-label="Cancel reply">✕</button>'
    : "";
}

function wireComposer(pane) {
  const form = $(`#${pane}-form`);
  const input = $(`#${pane}-input`);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    try { await send(pane, text); } catch (error) { input.value = text; showError(error); }
  });
  const photo = $(`#${pane}-photo`);
  if (photo) {
    photo.addEventListener("click", async () => {
      const caption = input.value.trim();
      input.value = "";
      await send(pane, caption, true).catch(showError);
    });
  }
  $(`#${pane}-reply`).addEventListener("click", (event) => {
    if (event.target.closest("button")) { state.replyTo[pane] = null; drawReply(pane); }
  });
  $(`#${pane}-suggestions`).addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button) return;
    const text = button.dataset.text;
    if (button.dataset.fill === "yes") {
      input.value = text;
      input.focus();
    } else {
      send(pane, text).catch(showError);
    }
  });
}

function suggestion(text, fill, label = text) {
  const command = text.startsWith("/") ? " command" : "";
  return `<button type="button" class="${command.trim()}" data-text="${esc(text)}" ` +
    `data-fill="${fill ? "yes" : "no"}">${esc(label)}</button>`;
}

function drawSuggestions() {
  $("#customer-suggestions").innerHTML = CUSTOMER_IDEAS.map((t) => suggestion(t, !t.startsWith("/"))).join("");
  const inTopic = state.thread !== "general";
  const inTopicOnly = ["/claim", "/close", "/note", "/assign"];
  const staffCommands = [...new Set([...inTopicOnly, ...state.setup.commands.staff, "/name", "/on", "/off"])]
    .filter((c) => inTopic || !inTopicOnly.includes(c));
  const replies = inTopic ? [suggestion("So sorry! A fresh one is on its way.", true)] : [];
  $("#staff-suggestions").innerHTML = staffCommands.map((c) =>
    TAKES_WORDS.has(c) ? suggestion(`${c} `, true, `${c} …`) : suggestion(c, false))
    .concat(replies).join("");
  $("#owner-suggestions").innerHTML = [
    suggestion("/hours", false),
    suggestion("/hours mon-fri 09:00-18:00, sat 10:00-14:00", true),
    suggestion(`/closed ${nextChristmas()} Christmas`, true),
    suggestion("/stats", false),
    suggestion("/export", false),
    suggestion("/greeting", false),
    suggestion("/away", false),
    suggestion("/timezone", false),
  ].join("");
}

// -- clicks inside chats -----------------------------------------------------------------

function wireChat(pane, container) {
  watchScrolling(container);
  container.addEventListener("click", async (event) => {
    const target = event.target;
    const message = target.closest(".msg");
    const link = target.closest("a[href]");
    if (link && followLink(link.getAttribute("href"))) { event.preventDefault(); return; }
    const button = target.closest(".keyboard button");
    if (button && message) {
      if (button.dataset.url) { window.open(button.dataset.url, "_blank", "noopener"); return; }
      button.disabled = true;
      try {
        const { user, chat, to } = sender(pane);
        const answer = await api("/api/press", {
          user, chat, message: Number(message.dataset.id), data: button.dataset.data,
          business: to === "business",
        });
        if (answer.text) toast(pane, answer.text);
      } catch (error) { showError(error); } finally { button.disabled = false; }
      return;
    }
    if (target.closest(".reply-btn") && message) { startReply(pane, message); return; }
    const quote = target.closest(".quote[data-goto]");
    if (quote) { highlight(container, quote.dataset.goto); return; }
    if (touch.matches) {
      for (const picked of container.querySelectorAll(".msg.picked")) {
        if (picked !== message) picked.classList.remove("picked");
      }
      if (message) message.classList.toggle("picked");
    }
  });
  container.addEventListener("dblclick", (event) => {
    const message = event.target.closest(".msg");
    if (message && !event.target.closest("button, a")) startReply(pane, message);
  });
}

function startReply(pane, message) {
  state.replyTo[pane] = {
    id: Number(message.dataset.id), name: message.dataset.name, text: message.dataset.preview,
  };
  drawReply(pane);
  $(`#${pane}-input`).focus();
}

function highlight(container, id) {
  const found = container.querySelector(`.msg[data-id="${CSS.escape(id)}"]`);
  if (!found) return;
  found.scrollIntoView({ block: "center", behavior: "smooth" });
  found.classList.remove("highlight");
  void found.offsetWidth;
  found.classList.add("highlight");
}

/** Links inside the pretend Telegram: a person opens their chat, a topic link the topic. */
function followLink(href) {
  const user = /^tg:\/\/user\?id=(\d+)/.exec(href);
  if (user) {
    const id = Number(user[1]);
    if (state.setup.customers.some((c) => c.id === id)) { selectCustomer(id); showPane("customer"); }
    return true;
  }
  const topic = /t\.me\/c\/\d+\/(\d+)/.exec(href);
  if (topic) {
    showPane("staff");
    selectTopic(topic[1]);
    return true;
  }
  return false;
}

// -- live updates ------------------------------------------------------------------------

function listen() {
  const events = new EventSource("/api/events");
  events.onmessage = (event) => {
    const chats = JSON.parse(event.data);
    if (!chats.length) { refreshEverything(); return; }
    for (const chat of chats) changed(chat);
  };
}

function changed(chat) {
  const s = state.setup;
  if (chat === s.staff_chat.id) {
    refreshTopics();
    refreshThread();
    if (!visible("staff")) { state.unreadPanes.add("staff"); drawTabs(); }
  } else if (chat === s.owner.id) {
    refreshOwner();
    if (!visible("owner")) { state.unreadPanes.add("owner"); drawTabs(); }
  } else if (chat === state.customer) {
    refreshCustomer();
    if (!visible("customer")) { state.unreadPanes.add("customer"); drawTabs(); }
  } else if (s.customers.some((c) => c.id === chat)) {
    state.unreadCustomers.add(chat);
    drawCustomers();
  }
}

function refreshEverything() {
  refreshCustomer();
  refreshOwner();
  refreshTopics();
  refreshThread();
}

// -- start -------------------------------------------------------------------------------

async function start() {
  const setup = await api("/api/setup");
  state.setup = setup;
  state.customer = setup.customers[0].id;
  for (const el of document.querySelectorAll(".shop-name")) el.textContent = setup.shop;
  for (const el of document.querySelectorAll(".owner-name")) el.textContent = setup.owner.name;
  $(".bot-username").textContent = `@${setup.bot.username}`;
  $(".bot-initials").textContent = setup.shop.split(" ").map((w) => w[0]).slice(0, 2).join("");
  $(".owner-initial").textContent = setup.owner.name.slice(0, 1);
  $(".staff-title").textContent = setup.staff_chat.title;
  $("#staff-as").innerHTML = team().map((p) =>
    `<option value="${p.id}">${esc(p.name)}${p.role ? ` (${p.role})` : ""}</option>`).join("");

  for (const button of document.querySelectorAll(".tabs button")) {
    button.addEventListener("click", () => showPane(button.dataset.pane));
  }
  $("#customers").addEventListener("click", (event) => {
    const chip = event.target.closest("[data-customer]");
    if (chip) selectCustomer(Number(chip.dataset.customer));
  });
  if (setup.business) {
    $('#customer-to option[value="business"]').textContent =
      `the shop's account @${setup.business.account.username}`;
    $("#write-to").hidden = false;
    $("#customer-to").addEventListener("change", (event) => writeTo(event.target.value));
  }
  $("#customer-language").addEventListener("change", (event) => {
    chooseLanguage(event.target.value).catch(showError);
  });
  $("#add-customer").addEventListener("click", () => {
    $("#add-customer").hidden = true;
    $("#new-customer").hidden = false;
    $("#new-customer-name").focus();
  });
  $("#new-customer").addEventListener("submit", async (event) => {
    event.preventDefault();
    const name = $("#new-customer-name").value.trim();
    $("#new-customer").hidden = true;
    $("#add-customer").hidden = false;
    $("#new-customer-name").value = "";
    if (name) await addCustomer(name).catch(showError);
  });
  $("#topic-list").addEventListener("click", (event) => {
    const row = event.target.closest(".topic-row");
    if (row) selectTopic(row.dataset.thread);
  });
  $("#topic-list").addEventListener("keydown", (event) => {
    const row = event.target.closest(".topic-row");
    if (row && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); selectTopic(row.dataset.thread); }
  });
  $("#topic-back").addEventListener("click", () => { $(".desk").dataset.view = "list"; });
  $("#staff-as").addEventListener("change", () => { $("#staff-chat").replaceChildren(); refreshThread(); });
  for (const pane of ["customer", "staff", "owner"]) wireComposer(pane);
  wireChat("customer", $("#customer-chat"));
  wireChat("staff", $("#staff-chat"));
  wireChat("owner", $("#owner-chat"));
  phoneSized.addEventListener("change", labelTabs);
  labelTabs();

  drawCustomers();
  drawSuggestions();
  showPane("customer");
  // What is already there at start counts as read.
  state.topics = await api("/api/topics");
  for (const topic of state.topics) markSeen(topic);
  drawTopics();
  refreshEverything();
  listen();
  document.body.dataset.ready = "yes";
}

start().catch(showError);
