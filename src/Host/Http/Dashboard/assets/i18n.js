// Labels in English and Chinese; the page switches without reloading.
window.I18N = {
  en: {
    title: "Call center · live", offline: "offline", live: "live", mode: "Write-back mode",
    observe: "observe (shadow)", assist: "assist", act: "act", apiKey: "API key",
    queues: "Queues", queue: "Queue", waiting: "Waiting", longestWait: "Longest wait", serviceLevel: "Service level",
    idleAgents: "Idle agents", answered: "Answered", abandoned: "Abandoned", agents: "Agents",
    liveCalls: "Live calls", timeline: "Timeline", pickCall: "Click a call to see its timeline.",
    tickets: "Tickets created", alerts: "QA and system alerts", today: "Today", volume: "Calls by hour",
    asaAbandon: "Average speed of answer (s) and abandon rate (%)", reasons: "Top call reasons",
    needKey: "an API key is needed for this", legacy: "legacy did", hint: "middleware suggested",
    ringing: "ringing", queued: "queued", connected: "connected", held: "on hold", ended: "ended",
    idle: "idle", busy: "busy", paused: "paused", unavailable: "unavailable", loggedOut: "logged out", unknown: "unknown", onHold: "on hold", wrapUp: "wrap-up",
    asa: "ASA (s)", abandonRate: "abandon %", calls: "calls", hour: "hour", handledToday: "handled today",
    reasonFromQueue: "no intent detected on these calls: the queue they asked for",
    calm: "calm", neutral: "neutral", frustrated: "frustrated", angry: "angry", valence: "valence", decidedBy: "decided by",
    reason: "reason", outOfScope: "unclear",
    shadow: "Hints next to the ACD", shadowNone: "no queued call with both a suggestion and a connected agent yet",
    shadowAgreement: "the ACD connected the suggested agent on", shadowOf: "of", shadowWait: "wait where it agreed / did not",
    shadowGain: "estimated wait gain if every call followed the hint (observational)",
    due: "due",
    ivr: "IVR self-service", ivrNone: "no IVR session today", ivrContained: "contained (served without an agent)",
    ivrSelfServed: "self-served", ivrTransferred: "transferred", ivrHungUp: "hung up unserved", ivrFailed: "failed",
    status_open: "open", status_in_progress: "in progress", status_resolved: "resolved", status_closed: "closed"
  },
  zh: {
    title: "呼叫中心 · 实时", offline: "离线", live: "在线", mode: "回写模式",
    observe: "观察（影子）", assist: "辅助", act: "执行", apiKey: "API 密钥",
    queues: "队列", queue: "队列", waiting: "等待", longestWait: "最长等待", serviceLevel: "服务水平",
    idleAgents: "空闲坐席", answered: "已接听", abandoned: "放弃", agents: "坐席",
    liveCalls: "进行中的通话", timeline: "时间线", pickCall: "点击一个通话查看时间线。",
    tickets: "已创建工单", alerts: "质检与系统告警", today: "今日", volume: "每小时来电量",
    asaAbandon: "平均应答速度（秒）与放弃率（%）", reasons: "主要来电原因",
    needKey: "此操作需要 API 密钥", legacy: "原系统实际", hint: "中间件建议",
    ringing: "振铃", queued: "排队", connected: "通话中", held: "保持", ended: "已结束",
    idle: "空闲", busy: "忙碌", paused: "暂停", unavailable: "不可用", loggedOut: "已登出", unknown: "未知", onHold: "保持", wrapUp: "话后",
    asa: "平均应答（秒）", abandonRate: "放弃率 %", calls: "来电", hour: "小时", handledToday: "今日已接",
    reasonFromQueue: "这些通话未识别出意图：按所选队列统计",
    calm: "平静", neutral: "中性", frustrated: "不满", angry: "愤怒", valence: "情感倾向", decidedBy: "判定依据",
    reason: "来电原因", outOfScope: "不明确",
    shadow: "建议与原排队系统对比", shadowNone: "暂无同时有建议坐席和实际接通坐席的排队来电",
    shadowAgreement: "原排队系统接通建议坐席的比例", shadowOf: "/", shadowWait: "一致 / 不一致时的等待",
    shadowGain: "若全部按建议路由的预计等待改善（观察性估计）",
    due: "到期",
    ivr: "IVR 自助服务", ivrNone: "今日暂无 IVR 会话", ivrContained: "自助完成率（无需坐席）",
    ivrSelfServed: "自助完成", ivrTransferred: "转人工", ivrHungUp: "未完成挂机", ivrFailed: "失败",
    "action.prioritize": "优先", "action.route-to-agent": "转给坐席", "action.wait": "等待", "action.escalate": "升级", "action.callback": "回电",
    "priority.low": "低", "priority.normal": "普通", "priority.medium": "中", "priority.high": "高", "priority.urgent": "紧急", "priority.critical": "紧急",
    status_open: "待处理", status_in_progress: "处理中", status_resolved: "已解决", status_closed: "已关闭"
  }
};

// Decision reasons (routing hints, tickets) in Chinese, from the codes the server sends next to its
// English words (Core/Events/ReasonCode.cs); a code missing here falls back to the English words.
(() => {
  const idle = s => +s >= 60 ? `${(+s / 60).toFixed(1).replace(/\.0$/, "")} 分钟` : `${s} 秒`;
  const agent = v => `${v.name} (${v.agent})：${v.level ? `${v.skill} 等级 ${v.level}` : `无 ${v.skill} 技能`}，空闲 ${idle(v.idleSeconds)}，今日 ${v.today} 通`
    + (v.resolvedPercent ? `，${v.skill} 来电 ${v.pastCalls} 通中解决 ${v.resolvedPercent}%，平均 ${v.handleMinutes} 分钟${v.teamMinutes ? `（团队 ${v.teamMinutes}）` : ""}` : "");
  const who = v => v.name ? `${v.name} (${v.caller})` : v.caller || "未知来电";
  window.REASONS_ZH = {
    "vip": v => `VIP 来电 ${v.caller}（+${v.points}）`,
    "vip-before-queue": v => `VIP 来电 ${v.caller}，入队前优先`,
    "escalation-risk": v => v.points ? `有升级风险：${v.risk}（+${v.points}）` : `升级风险：${v.risk}`,
    "repeat-caller": v => v.points ? `重复来电，此前 ${v.calls} 次（+${v.points}）` : `重复来电：此前 ${v.calls} 次`,
    "waited": v => `已等待 ${v.minutes} 分钟（+${v.points}）`,
    "skill-by-digit": v => `需要 ${v.skill}：在 IVR 中按了 ${v.digit}`,
    "skill-by-intent": v => `需要 ${v.skill}：来电意图为 ${v.intent}`,
    "skill-by-line": v => `需要 ${v.skill}：拨打了 ${v.skill} 专线 ${v.dialed}`,
    "skill-by-queue": v => `需要 ${v.skill}：进入队列 ${v.queue}`,
    "suggest-agent": v => `建议 ${agent(v)}`,
    "then-agent": v => `其次 ${agent(v)}`,
    "members-free": v => `${v.members} 名成员中 ${v.free} 名空闲${+v.held > 0 ? `，其中 ${v.held} 名已为其他来电保留` : ""}`,
    "all-free-held": v => `${v.queue} 的空闲成员都已为其他来电保留；前面还有 ${v.ahead} 位来电`,
    "none-free": v => `${v.queue} 没有空闲成员；前面还有 ${v.ahead} 位来电`,
    "escalate": v => `升级给主管：${v.detail}`,
    "abandoned": v => `在队列 ${v.queue} 等待 ${v.seconds} 秒后放弃`,
    "wrap-up": v => `话后代码“${v.code}”`,
    "intent": v => `意图 ${v.intent}（${v.confidence}）`,
    "unresolved": v => `未解决：通话中出现“${v.marker}”`,
    "call-back": v => `回电 ${who(v)}`,
    "category": v => `${v.category}：${who(v)}`
  };
})();
