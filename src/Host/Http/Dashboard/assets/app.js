// The live dashboard: plain JS, server-sent events, no framework, works offline.
(() => {
  "use strict";
  const $ = (sel, root = document) => root.querySelector(sel);
  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === "class") node.className = v; else if (k.startsWith("data-")) node.setAttribute(k, v); else node[k] = v;
    }
    for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(c ?? ""));
    return node;
  };

  let lang = localStorage.getItem("mw.lang") || "en";
  let volumeChart = null, asaChart = null;
  const t = key => (window.I18N[lang] && window.I18N[lang][key]) || window.I18N.en[key] || key;
  // A value the server sends (an action, a priority, a status) in the page's language, or as sent when no label has it.
  const labelOf = (prefix, value) => t(prefix + value) === prefix + value ? value : t(prefix + value);

  // The API key: from the link the demo prints (#key=...), then kept for this browser tab.
  const fragment = new URLSearchParams(location.hash.slice(1));
  if (fragment.get("key")) { sessionStorage.setItem("mw.key", fragment.get("key")); history.replaceState(null, "", location.pathname); }
  let key = sessionStorage.getItem("mw.key") || "";
  $("#key").value = key;

  const calls = new Map();      // callId -> snapshot
  let selected = null;

  async function api(path, options = {}) {
    const response = await fetch(path, { ...options, headers: { "X-Api-Key": key, "Content-Type": "application/json", ...(options.headers || {}) } });
    if (response.status === 401) throw Object.assign(new Error(t("needKey")), { status: 401 });
    if (!response.ok) throw new Error((await response.json().catch(() => ({}))).error || response.statusText);
    return response.json();
  }

  function applyLanguage() {
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
    document.querySelectorAll("[data-i18n]").forEach(n => { n.textContent = t(n.dataset.i18n); });
    document.querySelectorAll("[data-i18n-placeholder]").forEach(n => { n.placeholder = t(n.dataset.i18nPlaceholder); });
    $("#lang").textContent = lang === "en" ? "中文" : "English";
    showConnection();
    renderCalls();
    document.querySelectorAll("#tickets li, #alerts li").forEach(li => li.render && li.render());
    paintTicketChips();
    if (lastBoard) renderBoard(lastBoard);
    if (selected) select(selected);
    // uPlot keeps the labels it was built with: rebuild the charts in the new language.
    if (volumeChart || asaChart) {
      [volumeChart, asaChart].forEach(c => c && c.destroy());
      volumeChart = asaChart = null;
      refreshCharts();
    }
  }

  // A decision's reasons in the page's language: the server's English words, or the Chinese phrase
  // for each reason's code (Core/Events/ReasonCode.cs) where the page knows it.
  const said = (code, english) => {
    const phrase = lang === "zh" && code && window.REASONS_ZH[code.code];
    return phrase ? phrase(code.values) : english;
  };
  const reasonsOf = d => (d.reasons || []).map((text, i) => said(d.reasonCodes && d.reasonCodes[i], text));
  const hintText = h => {
    const reasons = reasonsOf(h);
    return `${labelOf("action.", h.action)}${h.suggestedAgent ? " → " + h.suggestedAgent : ""}${h.priority > 0 ? ` (${h.priority})` : ""}${reasons.length ? " · " + reasons.join("; ") : ""}`;
  };
  const ticketText = d => {
    return `[${labelOf("priority.", d.priority)}] ${said(d.titleCode, d.title)}${d.slaDueAt ? ` · ${t("due")} ${clock(Date.parse(d.slaDueAt))}` : ""} · ${d.summary}`;
  };

  // A timeline row: hints and tickets in the page's language, every other event as the server tells it.
  const decisionText = e => e.kind === "RoutingHint" ? hintText(e.payload) : e.kind === "TicketDraft" ? ticketText(e.payload) : e.text;

  // Times on this page in the page's language, 24-hour (no English AM/PM on the Chinese page).
  const clock = ms => new Date(ms).toLocaleTimeString(lang === "zh" ? "zh-CN" : "en-GB", { hour12: false });
  const seconds = s => s == null ? "–" : s < 60 ? `${Math.round(s)} s` : `${Math.floor(s / 60)} m ${Math.round(s % 60)} s`;
  // The PBX's clock may differ from this browser's: durations are measured on the PBX's clock,
  // estimated from the newest event (when it happened there minus when we received it).
  let clockOffset = 0;
  const since = iso => Math.max(0, (Date.now() + clockOffset - Date.parse(iso)) / 1000);
  let connected = false;
  const showConnection = () => { $("#conn").textContent = t(connected ? "live" : "offline"); $("#conn").className = `badge ${connected ? "on" : "off"}`; };

  // ---- queue board ------------------------------------------------------------------------------
  let lastBoard = null;
  function renderBoard(board) {
    lastBoard = board;
    const body = $("#queues tbody");
    body.replaceChildren(...board.queues.map(q => el("tr", { "data-queue": q.name },
      el("td", { class: "name" }, q.name),
      el("td", { class: "waiting" + (q.waiting > 0 ? " hot" : "") }, String(q.waiting)),
      el("td", { class: "longest" }, seconds(q.longestWaitSeconds)),
      el("td", { class: "sl" }, q.serviceLevelPercent == null ? "–" : `${q.serviceLevelPercent.toFixed(0)} %`),
      el("td", { class: "idle" }, `${q.idleMembers} / ${q.members.length}`),
      el("td", { class: "completed" }, String(q.completed)),
      el("td", { class: "abandoned" }, String(q.abandoned)))));
    $("#agents").replaceChildren(...board.agents.map(a => el("span", { class: `agent ${a.paused ? "paused" : a.state}`, "data-agent": a.agent, title: a.agent },
      `${a.name || a.agent} · ${t(a.paused ? "paused" : a.state)}${a.handledToday ? ` · ${a.handledToday} ${t("handledToday")}` : ""}`)));
  }

  // ---- live calls -------------------------------------------------------------------------------
  // The call's rolling emotion (calm / neutral / frustrated / angry) when the emotion enricher set it;
  // older readings without it fall back to the valence.
  function emotionOf(call) {
    const e = call.emotion;
    if (!e) return el("span", { class: "emotion none", title: "" }, "○");
    const state = e.callEmotion || e.emotion;
    const mood = state === "angry" || state === "frustrated" || e.valence <= -0.5 ? "negative" : state === "calm" || e.valence >= 0.3 ? "positive" : "neutral";
    const title = `${t(state)} · ${e.emotion} ${e.score.toFixed(2)} · ${t("valence")} ${(e.callValence ?? e.valence).toFixed(2)}${e.decidedBy ? ` · ${t("decidedBy")} ${e.decidedBy}` : ""}${e.signals ? ` · ${e.signals.join(", ")}` : ""}`;
    return el("span", { class: `emotion ${mood}`, "data-emotion": state, title }, mood === "neutral" ? "◐" : "●", el("span", { class: "emotion-label" }, ` ${t(state)}`));
  }

  // Why the caller calls, with the call's keywords (IntentDetected, updated as the call goes on).
  function intentOf(call) {
    const i = call.intent;
    if (!i) return "";
    const keywords = i.keywords && i.keywords.length ? ` · ${i.keywords.join(", ")}` : "";
    return el("div", { class: "intent-line", "data-intent": i.intent }, `${t("reason")}: `,
      el("b", {}, i.intent === "out_of_scope" ? t("outOfScope") : i.intent), ` ${(i.confidence * 100).toFixed(0)} %`, el("span", { class: "keywords" }, keywords));
  }

  // The worst leg's MOS, when a SIP mirror measured the media (E-model, 1 to 4.5).
  function qualityOf(call) {
    if (!call.quality || !call.quality.length) return "";
    const worst = call.quality.reduce((a, b) => (b.mos < a.mos ? b : a));
    return el("span", { class: `mos${worst.mos < 3.6 ? " poor" : ""}`, title: call.quality.map(q => `${q.leg}: ${q.codec || "?"} lost ${q.lost} jitter ${q.jitterMs} ms`).join("\n") }, ` · MOS ${worst.mos.toFixed(1)}`);
  }

  function renderCalls() {
    const live = [...calls.values()].filter(c => c.phase !== "ended" || since(c.endedAt) < 15).sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
    $("#call-count").textContent = String(live.filter(c => c.phase !== "ended").length);
    $("#call-list").replaceChildren(...live.map(c => {
      const last = c.transcript.length ? c.transcript[c.transcript.length - 1] : null;
      const duration = c.endedAt ? (Date.parse(c.endedAt) - Date.parse(c.startedAt)) / 1000 : since(c.startedAt);
      const hint = c.hints.length ? c.hints[c.hints.length - 1] : null;
      return el("li", { class: `call ${c.phase}${c.callId === selected ? " selected" : ""}`, "data-call-id": c.callId, onclick: () => select(c.callId) },
        el("div", { class: "line1" }, emotionOf(c),
          el("strong", {}, c.callerName ? `${c.callerName} ` : ""), el("span", { class: "number" }, c.callerNumber || "?"),
          el("span", { class: "phase" }, ` · ${t(c.phase)}`), el("span", { class: "queue" }, c.queue ? ` · ${c.queue}` : ""),
          c.agentName || c.agent ? el("span", { class: "call-agent" }, ` · ${c.agentName || c.agent}`) : "",
          el("span", { class: "duration" }, ` · ${seconds(duration)}`), qualityOf(c)),
        intentOf(c),
        last ? el("div", { class: "transcript" }, `${last.speaker}: ${last.text}`) : "",
        hint ? el("div", { class: "hint-line", title: reasonsOf(hint).join("\n") }, `${t("hint")}: ${hintText(hint)}`) : "",
        c.qa ? el("div", { class: `qa-line${c.qa.exemplary ? " exemplary" : ""}`, title: Object.entries(c.qa.dimensions).map(([k, v]) => `${k}: ${v.toFixed(0)}`).join("\n") },
          `QA ${c.qa.total.toFixed(0)}${c.qa.exemplary ? " ★" : ""} · ${Object.entries(c.qa.dimensions).filter(([, v]) => v < 100).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(", ") || "all 100"}`) : "");
    }));
  }

  async function select(callId) {
    selected = callId;
    renderCalls();
    try {
      const events = await api(`/api/calls/${encodeURIComponent(callId)}/timeline`);
      const legacy = events.filter(e => e.kind === "AgentConnected" || e.kind === "CallDequeued").map(e => e.text).join("; ");
      const hints = events.filter(e => e.kind === "RoutingHint");
      $("#timeline").replaceChildren(
        el("div", { class: "compare" },
          el("div", {}, el("b", {}, t("hint") + ": "), hints.map(h => hintText(h.payload)).join(" | ") || "–"),
          el("div", {}, el("b", {}, t("legacy") + ": "), legacy || "–")),
        ...events.map(e => el("div", { class: `row${e.decision ? " decision" : ""}${e.synthesized ? " synthesized" : ""}`, "data-kind": e.kind },
          el("span", { class: "time" }, clock(Date.parse(e.occurredAt))),
          el("span", { class: "kind" }, e.kind), el("span", { class: "text" }, decisionText(e)))));
    } catch (error) {
      $("#timeline").replaceChildren(el("p", { class: "error" }, error.message));
    }
  }

  // ---- decisions and alerts -------------------------------------------------------------------
  // Each item carries the event's own time (the PBX's clock, like every time on this page), and its
  // id: the panels are loaded from the journal and then streamed, so an event can arrive both ways.
  const shown = new Set();
  function addItem(list, e, text, cls) {
    if (shown.has(e.id)) return;
    shown.add(e.id);
    const at = Date.parse(e.occurredAt);
    const item = el("li", { class: cls, "data-at": String(at), "data-event-id": e.id });
    item.render = () => { item.textContent = `${clock(at)} ${text()}`; }; // again when the language changes
    item.render();
    const later = [...list.children].find(li => Number(li.dataset.at) < at); // newest first
    list.insertBefore(item, later || null);
    while (list.children.length > 50) list.lastChild.remove();
  }

  // Each ticket's status chip: the draft's line (per call) gets the CRM's ticket id from the CreateTicket
  // outcome, then every TicketStatusChanged of that ticket; events may come in any order (journal, then stream).
  const ticketOfCall = new Map(), statusOfTicket = new Map();
  function showTicketStatus(e) {
    if (e.kind === "WriteBackCompleted" && e.payload.action === "CreateTicket" && e.callId) {
      const m = /^ticket ([^\s,:()]+)/.exec(e.payload.result || "");
      if (m) ticketOfCall.set(e.callId, m[1]);
    }
    if (e.kind === "TicketStatusChanged") {
      const known = statusOfTicket.get(e.payload.ticketId);
      if (!known || Date.parse(known.at) <= Date.parse(e.occurredAt)) statusOfTicket.set(e.payload.ticketId, { status: e.payload.status, at: e.occurredAt });
      if (e.callId) ticketOfCall.set(e.callId, e.payload.ticketId);
    }
    paintTicketChips();
  }

  // Each ticket line's status chip; again after a language switch redrew the lines.
  function paintTicketChips() {
    $("#tickets").querySelectorAll("li[data-call-id]").forEach(li => {
      const ticket = ticketOfCall.get(li.dataset.callId);
      if (!ticket) return;
      const status = (statusOfTicket.get(ticket) || { status: "open" }).status;
      let chip = li.querySelector(".status-chip");
      if (!chip) { chip = el("span", { class: "status-chip" }); li.prepend(chip); }
      chip.dataset.status = status;
      chip.dataset.ticketId = ticket;
      chip.className = `status-chip ${status}`;
      chip.textContent = `#${ticket} ${labelOf("status_", status)}`;
    });
  }

  // A scheduled campaign starting, stopping, finishing or failing to start is news for the floor too.
  const isAlert = e => e.kind === "QaFinding" || e.kind === "EscalationRisk" || e.kind === "EnricherFailed" || e.kind === "CampaignStateChanged"
    || (e.kind === "SourceStatusChanged" && /fault|disconnected|shutdown/.test(e.payload.status));
  function showDecision(e) {
    if (e.kind === "TicketDraft") {
      addItem($("#tickets"), e, () => ticketText(e.payload), "ticket");
      const li = $(`#tickets li[data-event-id="${e.id}"]`);
      if (li && e.callId) li.dataset.callId = e.callId;
    }
    if (e.kind === "TicketDraft" || e.kind === "WriteBackCompleted" || e.kind === "TicketStatusChanged") showTicketStatus(e);
    if (isAlert(e)) addItem($("#alerts"), e, () => `${e.source}: ${e.text}`, "alert");
  }

  // On load: today's tickets, QA findings and campaign starts and stops from the journal, so a reload does not empty the panels.
  async function loadDecisions() {
    for (const type of ["tickets", "qa", "campaigns"]) {
      // Oldest first, so each ticket's chip ends on its latest status.
      try { (await api(`/api/decisions?type=${type}&limit=${type === "tickets" ? 200 : 50}`)).reverse().forEach(showDecision); } catch { /* the stream still fills them */ }
    }
  }

  function onEvent(message) {
    const e = message.event;
    if (!e.synthesized && !e.derived) clockOffset = Date.parse(e.occurredAt) - Date.parse(e.receivedAt);
    if (message.call) {
      calls.set(message.call.callId, message.call);
      if (message.call.joinedCallId) calls.delete(message.call.joinedCallId); // the mirror's view is folded into this call
      renderCalls();
      if (message.call.callId === selected) select(selected);
    }
    showDecision(e);
  }

  // ---- charts -----------------------------------------------------------------------------------
  async function refreshShadow() {
    let s;
    try { s = await api(`/api/stats/shadow?tzOffsetMinutes=${-new Date().getTimezoneOffset()}`); } catch { return; }
    const pct = v => v == null ? "–" : `${(100 * v).toFixed(0)} %`;
    const sec = v => v == null ? "–" : `${v.toFixed(1)} s`;
    $("#shadow").replaceChildren(...(s.comparable === 0
      ? [el("div", { class: "shadow-line" }, t("shadowNone"))]
      : [el("div", { class: "shadow-line" }, `${t("shadowAgreement")} ${pct(s.agentAgreement)} (${s.comparable} ${t("shadowOf")} ${s.calls})`),
         el("div", { class: "shadow-line" }, `${t("shadowWait")}: ${sec(s.waitAgreedSeconds)} / ${sec(s.waitDisagreedSeconds)}`),
         el("div", { class: "shadow-line" }, `${t("shadowGain")}: ${pct(s.estimatedWaitGain)}`)]));
  }

  async function refreshCharts() {
    refreshShadow();
    let stats;
    try { stats = await api(`/api/stats/today?tzOffsetMinutes=${-new Date().getTimezoneOffset()}`); } catch { return; }
    const hours = [...Array(24).keys()];
    const width = Math.max(300, $("#charts-panel").clientWidth / 3 - 24);
    const bars = uPlot.paths.bars({ size: [0.7, 40] });
    const volumeData = [hours, stats.volume];
    if (!volumeChart) {
      volumeChart = new uPlot({ width, height: 180, legend: { live: false }, scales: { x: { time: false } }, axes: [{}, {}],
        series: [{ label: t("hour") }, { label: t("calls"), fill: "rgba(54,120,200,.5)", stroke: "#3678c8", paths: bars, points: { show: false } }] }, volumeData, $("#chart-volume"));
    } else volumeChart.setData(volumeData);
    const asaData = [hours, stats.averageSpeedOfAnswer, stats.abandonRate];
    if (!asaChart) {
      asaChart = new uPlot({ width, height: 180, legend: { live: false }, scales: { x: { time: false } }, axes: [{}, {}],
        series: [{ label: t("hour") }, { label: t("asa"), stroke: "#2a9d58", spanGaps: true }, { label: t("abandonRate"), stroke: "#d1495b", spanGaps: true }] }, asaData, $("#chart-asa"));
    } else asaChart.setData(asaData);
    const max = Math.max(1, ...stats.topReasons.map(r => r.count));
    $("#reasons").replaceChildren(...stats.topReasons.map(r => el("div", { class: "reason" },
      el("span", { class: "label", title: r.fromQueue ? t("reasonFromQueue") : "" }, r.fromQueue ? `${r.reason} (${t("queue")})` : r.reason), el("span", { class: "bar", style: `width:${(100 * r.count / max).toFixed(0)}%` }), el("span", { class: "n" }, String(r.count)))));
    const ivr = stats.ivr;
    $("#ivr").replaceChildren(...(!ivr || ivr.sessions === 0
      ? [el("div", { class: "ivr-line" }, t("ivrNone"))]
      : [el("div", { class: "ivr-line", "data-rate": ivr.rate.toFixed(3) }, `${(100 * ivr.rate).toFixed(0)} % ${t("ivrContained")}`),
         el("div", { class: "ivr-line" }, `${t("ivrSelfServed")} ${ivr.selfServed} · ${t("ivrTransferred")} ${ivr.transferred} · ${t("ivrHungUp")} ${ivr.hungUp}${ivr.failed ? ` · ${t("ivrFailed")} ${ivr.failed}` : ""}`)]));
    $("#reasons").querySelectorAll(".bar").forEach((b, i) => { b.style.width = `${(100 * stats.topReasons[i].count / max).toFixed(0)}%`; });
  }

  // ---- write-back mode --------------------------------------------------------------------------
  async function loadMode() {
    try { $("#mode-select").value = (await api("/api/write-back")).mode; } catch { /* shown when changed */ }
  }
  $("#mode-select").addEventListener("change", async ev => {
    const error = $("#mode-error");
    error.hidden = true;
    try {
      await api("/api/write-back/mode", { method: "PUT", body: JSON.stringify({ mode: ev.target.value, reason: "dashboard" }) });
    } catch (e) {
      error.textContent = e.message; error.hidden = false;
      loadMode();
    }
  });

  // ---- wiring -----------------------------------------------------------------------------------
  let source = null;
  function connect() {
    if (source) source.close();
    if (!key) { $("#conn").textContent = t("needKey"); return; }
    source = new EventSource(`/api/stream?access_token=${encodeURIComponent(key)}`);
    source.onopen = () => { connected = true; showConnection(); };
    source.onerror = () => { connected = false; showConnection(); };
    source.addEventListener("board", m => renderBoard(JSON.parse(m.data)));
    source.addEventListener("call", m => onEvent(JSON.parse(m.data)));
    source.addEventListener("event", m => onEvent(JSON.parse(m.data)));
    api("/api/calls").then(list => { list.forEach(c => calls.set(c.callId, c)); renderCalls(); }).catch(() => {});
    api("/api/board").then(renderBoard).catch(() => {});
    loadMode();
    loadDecisions();
    refreshCharts();
  }

  $("#key").addEventListener("change", ev => { key = ev.target.value.trim(); sessionStorage.setItem("mw.key", key); connect(); });
  $("#lang").addEventListener("click", () => { lang = lang === "en" ? "zh" : "en"; localStorage.setItem("mw.lang", lang); applyLanguage(); });
  setInterval(renderCalls, 1000);
  setInterval(refreshCharts, 10000);
  applyLanguage();
  connect();
})();
