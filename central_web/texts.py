# SPDX-License-Identifier: Apache-2.0
"""Every sentence the web view shows, in English and Chinese (``t(lang, key, **values)``)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "app.title": ("Stale stock follow-up", "呆滞库存跟进"),
    "nav.tasks": ("My tasks", "我的任务"),
    "nav.dashboard": ("Dashboard", "看板"),
    "nav.logout": ("Log out", "退出"),
    "nav.other_lang": ("中文", "English"),
    "login.title": ("Log in", "登录"),
    "login.login": ("Login name", "登录名"),
    "login.password": ("Password", "密码"),
    "login.submit": ("Log in", "登录"),
    "login.wrong": ("The login name or password is wrong.", "登录名或密码错误。"),
    "login.locked": (
        "Too many failed attempts: this login is locked for 15 minutes.",
        "失败次数过多：该账号已锁定 15 分钟。",
    ),
    "csrf.refused": (
        "This form has expired or did not come from this site. Reload the page and try again.",
        "表单已过期或不是来自本站。请刷新页面后重试。",
    ),
    "tasks.title": ("Tasks", "任务"),
    "tasks.open": ("Open", "未完成"),
    "tasks.done": ("Done", "已完成"),
    "tasks.none": ("No tasks here.", "这里没有任务。"),
    "tasks.summary": ("{count} tasks, {value} tied up", "{count} 项任务，占用资金 {value}"),
    "task.not_found": (
        "This task does not exist or is not yours to see.",
        "该任务不存在，或您无权查看。",
    ),
    "col.kind": ("Why", "原因"),
    "col.item": ("Item", "物料"),
    "col.lot": ("Lot", "批次"),
    "col.location": ("Location", "库位"),
    "col.warehouse": ("Warehouse", "仓库"),
    "col.category": ("Category", "类别"),
    "col.owner": ("Owner", "负责人"),
    "col.month": ("Month", "月份"),
    "col.qty": ("Quantity", "数量"),
    "col.value": ("Value", "金额"),
    "col.age": ("Age (days)", "库龄（天）"),
    "col.due": ("Due", "截止日期"),
    "col.tasks": ("Tasks", "任务数"),
    "col.released": ("Money released", "释放资金"),
    "col.raised": ("Value raised", "新增占用"),
    "col.corrections": ("Count corrections", "盘点调整次数"),
    "col.variance": ("Variance value", "差异金额"),
    "col.stock_value": ("Stock value", "库存金额"),
    "col.accuracy": ("Accuracy", "准确率"),
    "col.status": ("Status", "状态"),
    "kind.stale": ("Stale", "呆滞"),
    "kind.slow": ("Slow moving", "慢动"),
    "kind.near_expiry": ("Near expiry", "临期"),
    "kind.below_min": ("Below minimum", "低于下限"),
    "kind.above_max": ("Above maximum", "高于上限"),
    "action.sold": ("Sold", "已售出"),
    "action.used": ("Used", "已领用"),
    "action.returned": ("Returned to supplier", "已退供应商"),
    "action.transferred": ("Transferred", "已调拨"),
    "action.scrapped": ("Scrapped", "已报废"),
    "action.keep": ("Keep (give a reason)", "保留（需说明原因）"),
    "outcome.title": ("Record the outcome", "登记处理结果"),
    "outcome.action": ("What was done", "处理方式"),
    "outcome.movement": ("The movement out of this lot", "该批次的出库记录"),
    "outcome.no_movements": (
        "No movement out of this lot has reached central yet: once a station posts the "
        "issue, transfer or adjustment and syncs, it shows here. Keeping the stock needs none.",
        "该批次还没有出库记录到达中心：站点过账出库、调拨或调整并同步后会显示在这里。"
        "保留库存不需要出库记录。",
    ),
    "outcome.movement_line": (
        "{ts}: {qty} out at {location} ({station}, {kind})",
        "{ts}：在 {location} 出库 {qty}（{station}，{kind}）",
    ),
    "outcome.qty": ("Quantity", "数量"),
    "outcome.reason": ("Reason (needed to keep)", "原因（保留时必填）"),
    "outcome.submit": ("Record", "登记"),
    "outcome.recorded": (
        "Recorded: {action}, {qty}, money released {released}.",
        "已登记：{action}，数量 {qty}，释放资金 {released}。",
    ),
    "outcome.shown": (
        "{action} by {by} on {at}: {qty}, money released {released}",
        "{by} 于 {at} 登记 {action}：数量 {qty}，释放资金 {released}",
    ),
    "outcome.bad_qty": ("The quantity must be a number above zero.", "数量必须是大于零的数字。"),
    "outcome.pick_movement": (
        "Pick the movement that took this stock out, or keep it with a reason.",
        "请选择出库记录，或选择保留并说明原因。",
    ),
    "outcome.refused": (
        "Central refused this outcome: {problem}. Nothing was recorded.",
        "中心拒绝了该结果：{problem}。未登记任何内容。",
    ),
    "comment.title": ("Comments", "备注"),
    "comment.add": ("Add a comment", "添加备注"),
    "comment.empty": ("A comment needs some text.", "备注不能为空。"),
    "dash.title": ("Stale stock across sites", "跨站点呆滞库存"),
    "dash.open": (
        "Open tasks: {count}, value tied up {value}",
        "未完成任务 {count} 项，占用 {value}",
    ),
    "dash.released_total": ("Money released so far: {value}", "累计释放资金：{value}"),
    "dash.by_warehouse": ("Open by warehouse", "按仓库（未完成）"),
    "dash.by_category": ("Open by category", "按类别（未完成）"),
    "dash.by_owner": ("Open by owner", "按负责人（未完成）"),
    "dash.by_month": ("Raised and released by month", "按月新增与释放"),
    "dash.trend": ("Trend: value raised and released per month", "趋势：每月新增占用与释放资金"),
    "dash.released_month": ("Money released by month", "按月释放资金"),
    "dash.released_owner": ("Money released by owner", "按负责人释放资金"),
    "dash.released_warehouse": ("Money released by warehouse", "按仓库释放资金"),
    "dash.accuracy": ("Count accuracy by warehouse", "各仓库盘点准确率"),
    "dash.variance": ("Count variance history", "盘点差异历史"),
    "dash.csv": ("Download CSV", "下载 CSV"),
    "dash.accuracy_note": (
        "Accuracy is the share of the warehouse's stock value that count corrections did not "
        "change.",
        "准确率 = 未被盘点调整改变的库存金额占该仓库库存金额的比例。",
    ),
    "figure.unknown": ("There is no such figure.", "没有这个图表。"),
    "none": ("(none)", "（无）"),
}


def t(lang: str, key: str, **values: object) -> str:
    en, zh = TEXTS[key]
    text = zh if lang == "zh" else en
    return text.format(**values) if values else text
