#!/usr/bin/env python3
# Name: Quick Links
# Description: Your bookmarks in groups, with tags and icons; Enter opens one
# Alias: links
"""Groups, tags and icons (protocol 1.1): rows with the same `group` are shown
under one header, `tag` is a badge, `icon` an emoji or an image path. Edit LINKS."""
import os
import sys

sys.path.insert(0, os.environ["SKIT_SDK"])
import skit

LINKS = [
    ("Work", "💼", "Calendar", "https://calendar.google.com", "daily"),
    ("Work", "📋", "Issues", "https://github.com/issues", "code"),
    ("Work", "📚", "Rust documentation", "https://doc.rust-lang.org/std/", "docs"),
    ("Reading", "📰", "Hacker News", "https://news.ycombinator.com", "news"),
    ("Reading", "🦀", "This Week in Rust", "https://this-week-in-rust.org", "weekly"),
    ("Tools", "🔤", "Regex tester", "https://regex101.com", "regex"),
    ("Tools", "🕒", "Time zones", "https://time.is", "time"),
]

url = skit.arg("Open a link", [
    {"name": name, "group": group, "icon": icon, "tag": tag, "value": url,
     "description": url, "id": url}
    for group, icon, name, url, tag in LINKS
])
skit.open_target(url)
