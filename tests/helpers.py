"""Small builders for test itineraries."""

from __future__ import annotations

MINIMAL = """\
version: 1
id: t
title: Test trip
principal: p
home_tz: America/New_York
sources:
  - id: s
    title: A source
people:
  - id: p
    name: Pat Principal
  - id: q
    name: Quinn Ångström
stops:
  - id: a
    place: Tokyo
    country: Japan
    tz: Asia/Tokyo
    arrive: {date: 2025-10-27}
    depart: {date: 2025-10-28}
    status: scheduled
events:
  - id: e
    kind: bilateral
    title: Talks
    stop: a
    when: {at: "2025-10-27T10:00"}
    participants: [p, q]
    status: confirmed
    source: {ref: s, quote: "They will meet."}
"""
