"""What the device agent says, in English and Simplified Chinese, with times in the user's zone."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from jobexp.types import Locale

__all__ = ["day_text", "say", "what", "when_text"]

MESSAGES: dict[str, dict[Locale, str]] = {
    "unknown": {
        "en": "Sorry, I did not understand that.",
        "zh-CN": "抱歉,我没有听懂。",
    },
    "call": {"en": "Calling {name} ({number}).", "zh-CN": "正在呼叫{name}({number})。"},
    "message": {
        "en": "Message to {name} ({number}): {body}",
        "zh-CN": "发给{name}({number})的短信:{body}",
    },
    "which_contact": {
        "en": "Which one do you mean? Run again with --choose N:",
        "zh-CN": "您指的是哪一位?请加上 --choose N 再试一次:",
    },
    "no_contact": {
        "en": "No contact called {name} on this device.",
        "zh-CN": "本机通讯录里没有叫{name}的联系人。",
    },
    "who": {"en": "Whom should I contact?", "zh-CN": "要联系谁?"},
    "bad_choice": {
        "en": "There is no choice {choice}: pick 1 to {count}.",
        "zh-CN": "没有第 {choice} 项:请在 1 到 {count} 之间选择。",
    },
    "no_body": {"en": "What should the message say?", "zh-CN": "短信要说什么?"},
    "events": {"en": "On {day}:", "zh-CN": "{day}的日程:"},
    "no_events": {"en": "Nothing on {day}.", "zh-CN": "{day}没有安排。"},
    "event_added": {
        "en": "Added to your calendar: {title}, {when}.",
        "zh-CN": "已加入日历:{title},{when}。",
    },
    "need_title": {"en": "What should I call it?", "zh-CN": "请说一下事项的名称。"},
    "need_when": {"en": "When?", "zh-CN": "什么时候?"},
    "task_added": {
        "en": "I will remind you: {title}, {when}.",
        "zh-CN": "好的,我会提醒您:{title},{when}。",
    },
    "tasks": {"en": "Your tasks:", "zh-CN": "您的待办事项:"},
    "no_tasks": {"en": "You have no tasks.", "zh-CN": "您没有待办事项。"},
    "weather": {
        "en": "{place} on {day}: {sky}, {low}-{high} °C.",
        "zh-CN": "{place}{day}:{sky},{low}至{high}°C。",
    },
    "no_forecast": {
        "en": "No forecast for {place} on {day}.",
        "zh-CN": "没有{place}{day}的天气预报。",
    },
    "here_place": {"en": "Here", "zh-CN": "当前位置"},
    "need_location": {
        "en": "I need your location for that: add --here LATITUDE,LONGITUDE.",
        "zh-CN": "需要您的位置:请加上 --here 纬度,经度。",
    },
    "navigate": {
        "en": "Opening directions to {destination}: {url}",
        "zh-CN": "正在打开前往{destination}的导航:{url}",
    },
    "third_party": {
        "en": "You are being handed to a third-party service; read its terms and privacy policy.",
        "zh-CN": "即将跳转到第三方服务,请阅读其服务条款和隐私政策。",
    },
    "ticket": {"en": "Ticket request sent: {detail}", "zh-CN": "已提交购票请求:{detail}"},
    "refused": {
        "en": "Not sent: this request would reveal {what} kept only on this device.",
        "zh-CN": "未发送:该请求会泄露仅保存在本机的{what}。",
    },
    "unavailable": {
        "en": "This feature is not available on the server yet.",
        "zh-CN": "服务器暂不支持此功能。",
    },
    "server_error": {"en": "The server refused: {message}", "zh-CN": "服务器拒绝了请求:{message}"},
    "where": {"en": "Where to?", "zh-CN": "去哪里?"},
    "go_on": {"en": "Go on?", "zh-CN": "继续吗?"},
    "consent_granted": {"en": "Consent given: {purpose}.", "zh-CN": "已同意:{purpose}。"},
    "consent_withdrawn": {"en": "Consent withdrawn: {purpose}.", "zh-CN": "已撤回同意:{purpose}。"},
    "declined": {
        "en": "Nothing was sent to the partner.",
        "zh-CN": "没有向合作方发送任何内容。",
    },
    # The command line's own messages.
    "unreachable": {
        "en": "Cannot reach the JobExp server at {server}; try again when you are online.",
        "zh-CN": "无法连接 JobExp 服务器 {server},请联网后再试。",
    },
    "expired": {
        "en": "Your session has expired: sign in again.",
        "zh-CN": "登录已过期,请重新登录。",
    },
    "password_for": {"en": "Password for {identifier}: ", "zh-CN": "{identifier} 的密码:"},
    "no_password": {
        "en": "No password given: nothing was sent.",
        "zh-CN": "没有输入密码,未发送任何内容。",
    },
    "not_initialized": {
        "en": "This device is not set up: run `jobexp device init --server URL` first.",
        "zh-CN": "本设备尚未设置:请先运行 `jobexp device init --server URL`。",
    },
    "registered": {
        "en": "Device registered with {server}; contacts and calendar stay on this device.",
        "zh-CN": "设备已在 {server} 注册;通讯录和日历只保存在本机。",
    },
    "signed_in": {"en": "Signed in again.", "zh-CN": "已重新登录。"},
    "imported": {
        "en": "Imported {count} {what} into {path} (kept on this device only).",
        "zh-CN": "已导入 {count} 条{what}到 {path}(仅保存在本机)。",
    },
    "rejected": {"en": "Rejected {count}:", "zh-CN": "未导入 {count} 条:"},
    "rejected_one": {
        "en": "  {unit} {position}: {reason}",
        "zh-CN": "  第 {position} 条{unit}:{reason}",
    },
    "unreadable_file": {
        "en": "Cannot read {path}: {reason}",
        "zh-CN": "无法读取 {path}:{reason}",
    },
    "nothing_imported": {
        "en": "Nothing imported from {path}.",
        "zh-CN": "{path} 中没有可导入的内容。",
    },
    "places_synced": {
        "en": "{count} saved places known on this device.",
        "zh-CN": "本机已记录 {count} 个常用地点。",
    },
}

WHAT: dict[str, dict[Locale, str]] = {
    "contact name": {"en": "a contact name", "zh-CN": "联系人姓名"},
    "contact number": {"en": "a contact's number", "zh-CN": "联系人号码"},
    "contact group": {"en": "a contact group", "zh-CN": "联系人分组"},
    "calendar text": {"en": "calendar text", "zh-CN": "日历内容"},
    "calendar name": {"en": "a calendar name", "zh-CN": "日历名称"},
    "IMEI": {"en": "an IMEI", "zh-CN": "IMEI"},
    "MAC": {"en": "a MAC address", "zh-CN": "MAC 地址"},
    "contacts": {"en": "contacts", "zh-CN": "联系人"},
    "events": {"en": "events", "zh-CN": "日程"},
    "card": {"en": "card", "zh-CN": "名片"},
    "event": {"en": "event", "zh-CN": "日程"},
}


def say(key: str, locale: Locale, **params: object) -> str:
    return MESSAGES[key][locale].format(**params)


def what(category: str, locale: Locale) -> str:
    return WHAT.get(category, {}).get(locale, category)


def day_text(day: date, locale: Locale) -> str:
    if locale == "zh-CN":
        weekday = "一二三四五六日"[day.weekday()]
        return f"{day.year}年{day.month}月{day.day}日(周{weekday})"
    return day.strftime("%a %d %b %Y")


def when_text(value: datetime | date, locale: Locale, time_zone: str) -> str:
    """A date, or a date and time shown in the user's zone."""
    if not isinstance(value, datetime):
        return day_text(value, locale)
    local = value.astimezone(ZoneInfo(time_zone))
    return f"{day_text(local.date(), locale)} {local:%H:%M}"
