// The stored form of a host assessment: the document and its pending updates as rows.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <vector>

#include "store/timestamp.hpp"

namespace patchplan::store {

// One update apt would install on the host at assessment time.
struct PendingUpdate {
  std::string package;  // binary package name
  std::string architecture;
  std::string installed_version;
  std::string candidate_version;
  std::string source_package;  // of the candidate; "" if unknown
  std::string suite;           // suite the candidate comes from, e.g. "bookworm-security"
  bool security = false;       // the candidate comes from a security archive

  friend bool operator==(const PendingUpdate&, const PendingUpdate&) = default;
};

// A recorded assessment of one host.
struct AssessmentSnapshot {
  std::int64_t id = 0;
  std::string host;
  Timestamp taken_at;
  std::int64_t schema_version = 0;     // the document's own "schema_version"
  std::string document;                // the assessment JSON in compact form
  std::string digest;                  // SHA-256 hex of `document`
  std::vector<PendingUpdate> pending;  // sorted by package, then architecture
};

// Identifies "the same pending update" across snapshots: the package on an architecture
// pending from one installed version (a newer candidate does not make it a new one).
struct PendingKey {
  std::string package;
  std::string architecture;
  std::string installed_version;

  friend auto operator<=>(const PendingKey&, const PendingKey&) = default;
};

}  // namespace patchplan::store
