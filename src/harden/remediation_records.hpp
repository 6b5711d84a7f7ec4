// The store's remediation tables (schema step 7): changes, their fix runs, and file contents
// addressed by SHA-256.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/expected.hpp"
#include "store/database.hpp"

namespace patchplan::harden {

struct RemediationChange {
  std::string id;  // "harden-20261204T210501Z-1a2b3c"
  std::string created_at;
  std::string host;
  std::string root;
  std::string benchmark;
  std::string profile;
  std::string state;  // running, applied, rolled-back
};

struct RemediationFixRow {
  std::int64_t ordinal = 0;
  std::string rule;
  std::int64_t start_journal_id = 0;
  std::optional<std::int64_t> end_journal_id;
};

Status insert_remediation_change(store::Database& db, const RemediationChange& change);
Status set_remediation_state(store::Database& db, const std::string& id, const std::string& state);

// The change `id`, or nullopt when no remediation has that id.
Expected<std::optional<RemediationChange>> find_remediation_change(store::Database& db,
                                                                   const std::string& id);

Status insert_remediation_fix(store::Database& db, const std::string& change_id,
                              const RemediationFixRow& fix);
Status set_fix_end(store::Database& db, const std::string& change_id, std::int64_t ordinal,
                   std::int64_t end_journal_id);

// The fixes of a change, by ordinal.
Expected<std::vector<RemediationFixRow>> remediation_fixes(store::Database& db,
                                                           const std::string& change_id);

// Keeps `content` under its SHA-256 `sha256` (once; a second store of the same is a no-op).
Status store_file_content(store::Database& db, const std::string& sha256,
                          const std::string& content);

// The content stored under `sha256`, checked against it: kNotFound when missing,
// kInvalidInput when the stored bytes do not have that digest.
Expected<std::string> load_file_content(store::Database& db, const std::string& sha256);

// The details JSON text of journal entry `id`.
Expected<std::string> journal_details(store::Database& db, std::int64_t id);

}  // namespace patchplan::harden
