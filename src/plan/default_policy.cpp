// The built-in default policy: a commented YAML document, parsed like any policy file.
#include "plan/policy_loader.hpp"

namespace patchplan::plan {

std::string_view default_policy_text() {
  return R"yaml(# patchplan default policy. Copy it to /etc/patchplan/policy.yaml and edit;
# every key below is known to patchplan, and a key it does not know is an error, not ignored.
# Durations: 90s, 30m, 4h, 14d, 2w (or 1h30m). Times: HH:MM local. Globs: fnmatch(3).

# How long after an update or finding is first seen it must be installed, per tier.
#   critical  -> immediate: an emergency window if the host's class has one, else its
#                earliest window (flagged as an emergency change)
#   important -> the next scheduled maintenance window
#   minor     -> grouped into the monthly window
deadlines:
  critical: 24h
  important: 14d
  minor: 31d

# A deadline met by less than this margin (at most a quarter of the deadline itself) is
# reported as a near-breach.
near_breach: 48h

# Deadline multipliers per asset criticality (0.5 = half the time).
criticality:
  critical: 0.5
  high: 0.75
  normal: 1.0
  low: 1.5

# The zone of hosts whose entry in the hosts file names none.
timezone: UTC

# The class of hosts that name none, and of hosts missing from the hosts file.
default_class: standard

# Asset classes: criticality (critical, high, normal, low), environment (prod, staging,
# test, dev), roles and free tags, and the windows their hosts may be patched in.
# reboot: allowed | if-required | never (default: packages.reboot).
# tier_rules: the class's own finding -> tier rules (the same form as the top-level
# tier_rules below), replacing those for its hosts; tier_fallback still applies. E.g. a
# lab class where only known-exploited findings are urgent:
#   lab:
#     criticality: low
#     environment: test
#     windows: [weekly]
#     tier_rules:
#       - {name: kev, kev: true, tier: important, because: known exploited (CISA KEV)}
#       - {name: rest, tier: minor, because: lab host}
classes:
  standard:
    criticality: normal
    environment: prod
    windows: [monthly, weekly, emergency]

# Maintenance windows: an RFC 5545 RRULE expanded from `anchor` (a date), a local start
# time, a duration and a zone ("host" or omitted = the host's own zone).
# kind: regular (important and minor updates), monthly (minor updates are grouped here),
# emergency (critical updates only).
windows:
  monthly:
    rrule: FREQ=MONTHLY;BYDAY=2TU     # the second Tuesday of the month ("Patch Tuesday")
    start: "22:00"
    duration: 4h
    kind: monthly
  weekly:
    rrule: FREQ=WEEKLY;BYDAY=TH
    start: "21:00"
    duration: 3h
    kind: regular
  emergency:
    rrule: FREQ=DAILY
    start: "12:00"
    duration: 2h
    kind: emergency

# Change freezes that windows never fall into: a range of whole local days
#   - {name: year-end, from: 2026-12-21, until: 2027-01-03}
# or a recurrence like a window
#   - {name: month-end-close, rrule: "FREQ=MONTHLY;BYMONTHDAY=-1", start: "00:00", duration: 1d}
blackouts: []

# Rings, in order: a host joins the first ring whose tags or name globs match it, then a
# percentage ring by a stable hash of its name; every other host joins the last ring. A
# later ring installs a change only after the earlier ring's window ended plus its soak.
rings:
  - name: canary
    tags: [canary]
    soak: 24h
  - name: pilot
    percentage: 10
    soak: 48h
  - name: broad

# Each host starts at a stable slot (from a hash of its name) inside the first `portion`
# percent of its window, in steps of `step`, so a fleet does not start at once.
spreading:
  portion: 50
  step: 5m

# Package rules (globs on binary package names). exclude: never planned. hold: held back
# (listed in the plan); release: exceptions to the holds (hold "linux-*", release
# "linux-libc-dev"); a release that cancels a hold entirely is an error. require_approval:
# planned, flagged for approval. reboot_required: packages whose update needs a reboot.
# reboot: allowed (in the window) | if-required | never (the reboot is left to the operator).
packages:
  exclude: []
  hold: []
  release: []
  require_approval: []
  reboot_required: ["linux-image-*", "libc6", "systemd", "dbus", "libssl3", "openssl"]
  reboot: if-required

# How `patchplan deploy --plan` carries out the waves (a change request file gives the same
# rules in JSON: docs/change-request.md). concurrency: hosts at once within a ring.
# failure_threshold: failed hosts a ring may have before the rollout halts (a count, or a
# percentage of the ring such as "10%"); hosts not started stay untouched. checks: run on
# every host after its install, each with exactly one of command (an argument vector,
# expected_exit 0 by default), tcp (HOST:PORT accepting connections) or http (an http:// or
# https:// URL answering 2xx); a failed check rolls the host back. restart: services still mapping
# replaced libraries are restarted (restart), or only listed (list, never); the SSH daemon
# and databases only when restart_allowed names their unit.
#   checks:
#     - {name: nginx config, command: [nginx, -t]}
#     - {name: https, tcp: "127.0.0.1:443", timeout: 5s}
#     - {name: health page, http: "http://127.0.0.1:8080/health"}
deploy:
  concurrency: 1
  failure_threshold: 0
  checks: []
  restart: list
  restart_allowed: []
  keep_old_conffiles: true
  repair_interrupted: false
  lock_timeout: 60s
  apply_timeout: 30m

# How a vulnerability finding maps to a tier: the first matching rule wins; every
# condition given must hold. Conditions: kev (true/false), urgencies (Debian urgency
# words), min_epss, min_percentile, min_cvss, fix_available, kinds (fixed-by-update,
# fix-not-available, no-fix-yet, end-of-life, undetermined), exposures (package,
# running-kernel, running-kernel-unknown, other-kernel, kernel-build-or-tools).
# This is the vulnerability ranking table of patchplan (src/vulns/ranking_policy.hpp).
tier_rules:
  - name: kernel-not-running
    exposures: [other-kernel, kernel-build-or-tools]
    tier: minor
    because: kernel code that does not run on this host
  - name: kev
    kev: true
    tier: critical
    because: known exploited (CISA KEV)
  - name: high-urgency-likely-exploited
    urgencies: [high, critical, emergency]
    min_epss: 0.1
    tier: critical
    because: high urgency and EPSS probability of at least 0.1
  - name: end-of-life
    kinds: [end-of-life]
    tier: important
    because: no security support for this package in this release
  - name: high-or-medium-urgency
    urgencies: [high, critical, emergency, medium]
    tier: important
    because: medium or high urgency
  - name: likely-exploited
    min_epss: 0.1
    tier: important
    because: EPSS probability of at least 0.1
  - name: low-urgency
    urgencies: [low, unimportant]
    tier: minor
    because: low or unimportant urgency
  - name: undetermined
    kinds: [undetermined]
    tier: minor
    because: the feed has not decided whether the release is affected
tier_fallback:
  tier: important
  because: "urgency not assigned yet: important until rated"
)yaml";
}

}  // namespace patchplan::plan
