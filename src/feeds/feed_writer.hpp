// FeedWriter: replaces one feed in the store atomically. Records are inserted under a new
// feed row while the loader streams; commit() drops the previous feed of the same kind and
// name, records the metadata, journals "feeds.import" and commits, all in one transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/expected.hpp"
#include "feeds/advisory.hpp"
#include "feeds/advisory_batch.hpp"
#include "feeds/source_version.hpp"
#include "store/statement.hpp"
#include "store/store.hpp"
#include "store/transaction.hpp"

namespace patchplan::feeds {

// What the store keeps about a feed besides its records.
struct FeedMetadata {
  std::string name;    // the feed within its kind: "tracker", "osv:debian", ...
  std::string source;  // URL or absolute file path
  std::optional<store::Timestamp> fetched_at;  // when a download last delivered or confirmed it
  std::optional<store::Timestamp> feed_date;   // the feed's own date
  std::string feed_version;                    // KEV catalogVersion, EPSS model_version
  std::string digest;                          // SHA-256 hex of the file as read
  std::string etag;  // HTTP validators of the download, for conditional requests
  std::string last_modified;
  std::string notes = "{}";  // a JSON object of loader counts ("withdrawn": 3, ...)
};

// Who imports, and the clock that stamps imported_at.
struct ImportContext {
  store::Actor actor;
  store::Clock clock = store::system_now;
};

// The outcome of a committed import.
struct ImportSummary {
  FeedKind kind = FeedKind::kDebianTracker;
  std::string name;
  std::int64_t feed_id = 0;
  std::uint64_t records = 0;
  std::uint64_t skipped = 0;
  std::string digest;
  std::string previous_digest;  // "" when the feed was new
  std::optional<store::Timestamp> feed_date;
};

class FeedWriter {
 public:
  // Opens an IMMEDIATE transaction on `store` (waiting for other writers up to the store's
  // busy timeout) and a new, unnamed feed row of `kind`. Dropping the writer without
  // commit() rolls everything back: the previous feed stays as it was.
  static Expected<FeedWriter> begin(store::Store& store, FeedKind kind);

  // Insert one record under the new feed. Advisory text is stored as given.
  Status add(const SourceAdvisory& advisory);
  Status add(const KevEntry& entry);
  Status add(const EpssScore& score);
  // A (source, version) the feed records (changelog feeds): not counted as a record.
  Status add(const SourceVersion& version);

  // Records not stored on purpose (withdrawn, other ecosystems): counted in `skipped`.
  void count_skipped(std::uint64_t count) { skipped_ += count; }
  [[nodiscard]] std::uint64_t records() const { return records_; }

  // Replaces the feed (kind, metadata.name) by the new one and commits, journaling the
  // import as `context.actor`. On error nothing of this import remains.
  Expected<ImportSummary> commit(const FeedMetadata& metadata, const ImportContext& context);

 private:
  FeedWriter(store::Store& store, FeedKind kind, store::Transaction transaction,
             std::int64_t feed_id)
      : store_(&store), kind_(kind), transaction_(std::move(transaction)), feed_id_(feed_id) {}

  Expected<store::Statement*> statement(std::optional<store::Statement>& slot,
                                        std::string_view sql);

  store::Store* store_;
  FeedKind kind_;
  std::optional<store::Transaction> transaction_;
  std::int64_t feed_id_;
  std::optional<detail::AdvisoryBatch> batch_;
  std::optional<store::Statement> insert_kev_;
  std::optional<store::Statement> insert_epss_;
  std::optional<store::Statement> insert_version_;
  std::uint64_t records_ = 0;
  std::uint64_t skipped_ = 0;
};

}  // namespace patchplan::feeds
