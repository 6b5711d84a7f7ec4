// The transaction of one feed import: new rows, then the swap of feed generations.
#include "feeds/feed_writer.hpp"

#include <nlohmann/json.hpp>

#include "feeds/feed_kind.hpp"

namespace patchplan::feeds {
namespace {

constexpr std::string_view kInsertKev =
    "INSERT INTO kev (feed_id, cve, vendor, product, name, date_added, due_date, "
    "known_ransomware) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

constexpr std::string_view kInsertEpss =
    "INSERT INTO epss (feed_id, cve, probability, percentile) "
    "VALUES (?, ?, CAST(? AS REAL), CAST(? AS REAL))";

constexpr std::string_view kInsertVersion =
    "INSERT OR IGNORE INTO source_versions (feed_id, source_package, version) VALUES (?, ?, ?)";

std::optional<std::string> optional_time(const std::optional<store::Timestamp>& time) {
  if (!time) return std::nullopt;
  return store::format_timestamp(*time);
}

// The previous feed of this kind and name: its id and digest, if there is one.
Expected<std::optional<std::pair<std::int64_t, std::string>>> previous_feed(
    store::Database& db, FeedKind kind, const std::string& name) {
  auto query = db.prepare("SELECT id, digest FROM feeds WHERE kind = ? AND name = ?");
  if (!query) return query.error();
  if (auto status = query->bind(kind_name(kind), name); !status) return status.error();
  auto row = query->step();
  if (!row) return row.error();
  if (!*row) return std::optional<std::pair<std::int64_t, std::string>>();
  return std::optional(std::pair(query->column_int(0), query->column_text(1)));
}

Status delete_feed(store::Database& db, std::int64_t id) {
  for (const char* sql :
       {"DELETE FROM advisories WHERE feed_id = ?", "DELETE FROM kev WHERE feed_id = ?",
        "DELETE FROM epss WHERE feed_id = ?", "DELETE FROM source_versions WHERE feed_id = ?",
        "DELETE FROM feeds WHERE id = ?"}) {
    auto statement = db.prepare(sql);
    if (!statement) return statement.error();
    if (auto status = statement->bind(id); !status) return status;
    if (auto status = statement->run(); !status) return status;
  }
  return ok();
}

}  // namespace

Expected<FeedWriter> FeedWriter::begin(store::Store& store, FeedKind kind) {
  // A large import changes more pages than SQLite's default 2 MiB cache holds; every page
  // spilled from the cache is appended to the WAL again, so the cache is raised to 64 MiB
  // for this connection (memory is taken only as pages are used).
  if (auto status = store.database().exec("PRAGMA cache_size = -65536"); !status) {
    return status.error();
  }
  auto transaction =
      store::Transaction::begin(store.database(), store::Transaction::Mode::kImmediate);
  if (!transaction) return transaction.error().context("cannot begin the feed import");
  auto insert = store.database().prepare(
      "INSERT INTO feeds (kind, name, source, imported_at, feed_version, digest, records, "
      "skipped, etag, last_modified, notes) VALUES (?, NULL, '', '', '', '', 0, 0, '', '', '{}')");
  if (!insert) return insert.error();
  if (auto status = insert->bind(kind_name(kind)); !status) return status.error();
  if (auto status = insert->run(); !status) return status.error();
  const std::int64_t id = store.database().last_insert_rowid();
  return FeedWriter(store, kind, std::move(*transaction), id);
}

Expected<store::Statement*> FeedWriter::statement(std::optional<store::Statement>& slot,
                                                  std::string_view sql) {
  if (!slot) {
    auto prepared = store_->database().prepare(sql);
    if (!prepared) return prepared.error();
    slot.emplace(std::move(*prepared));
  }
  return &*slot;
}

Status FeedWriter::add(const SourceAdvisory& advisory) {
  if (!batch_) batch_.emplace(store_->database(), feed_id_);
  if (auto status = batch_->add(advisory, static_cast<std::int64_t>(records_)); !status) {
    return status.error().context(fmt::format("cannot store the advisory of '{}' for '{}'",
                                              advisory.vulnerability, advisory.source_package));
  }
  ++records_;
  return ok();
}

Status FeedWriter::add(const KevEntry& e) {
  auto insert = statement(insert_kev_, kInsertKev);
  if (!insert) return insert.error();
  if (auto status = (*insert)->bind(feed_id_, e.cve, e.vendor, e.product, e.name, e.date_added,
                                    e.due_date, e.known_ransomware);
      !status) {
    return status;
  }
  if (auto status = (*insert)->run(); !status) {
    return status.error().context(fmt::format("cannot store KEV entry '{}'", e.cve));
  }
  ++records_;
  return ok();
}

Status FeedWriter::add(const EpssScore& s) {
  auto insert = statement(insert_epss_, kInsertEpss);
  if (!insert) return insert.error();
  if (auto status = (*insert)->bind(feed_id_, s.cve, fmt::format("{}", s.probability),
                                    fmt::format("{}", s.percentile));
      !status) {
    return status;
  }
  if (auto status = (*insert)->run(); !status) {
    return status.error().context(fmt::format("cannot store the EPSS score of '{}'", s.cve));
  }
  ++records_;
  return ok();
}

Status FeedWriter::add(const SourceVersion& v) {
  auto insert = statement(insert_version_, kInsertVersion);
  if (!insert) return insert.error();
  if (auto status = (*insert)->bind(feed_id_, v.source_package, v.version); !status) {
    return status;
  }
  if (auto status = (*insert)->run(); !status) {
    return status.error().context(
        fmt::format("cannot store version '{}' of '{}'", v.version, v.source_package));
  }
  return ok();
}

Expected<ImportSummary> FeedWriter::commit(const FeedMetadata& metadata,
                                           const ImportContext& context) {
  if (!transaction_) return make_error(ErrorCode::kInternal, "feed import committed twice");
  store::Database& db = store_->database();
  if (batch_) {
    if (auto status = batch_->flush(); !status) return status.error();
  }
  ImportSummary summary{kind_,    metadata.name,   feed_id_, records_,
                        skipped_, metadata.digest, "",       metadata.feed_date};
  auto previous = previous_feed(db, kind_, metadata.name);
  if (!previous) return previous.error();
  if (*previous) {
    summary.previous_digest = (*previous)->second;
    if (auto status = delete_feed(db, (*previous)->first); !status) return status.error();
  }

  const store::Timestamp now = context.clock ? context.clock() : store::system_now();
  auto update = db.prepare(
      "UPDATE feeds SET name = ?, source = ?, imported_at = ?, fetched_at = ?, feed_date = ?, "
      "feed_version = ?, digest = ?, records = ?, skipped = ?, etag = ?, last_modified = ?, "
      "notes = ? WHERE id = ?");
  if (!update) return update.error();
  if (auto status =
          update->bind(metadata.name, metadata.source, store::format_timestamp(now),
                       optional_time(metadata.fetched_at), optional_time(metadata.feed_date),
                       metadata.feed_version, metadata.digest, static_cast<std::int64_t>(records_),
                       static_cast<std::int64_t>(skipped_), metadata.etag, metadata.last_modified,
                       metadata.notes, feed_id_);
      !status) {
    return status.error();
  }
  if (auto status = update->run(); !status) return status.error();

  store::JournalChange change;
  change.actor = context.actor;
  change.action = "feeds.import";
  change.reason =
      fmt::format("{} feed '{}' from '{}'", kind_name(kind_), metadata.name, metadata.source);
  change.before_digest = summary.previous_digest;
  change.after_digest = metadata.digest;
  nlohmann::json details = {{"kind", kind_name(kind_)},
                            {"name", metadata.name},
                            {"source", metadata.source},
                            {"records", records_},
                            {"skipped", skipped_},
                            {"feed_version", metadata.feed_version},
                            {"feed_date", optional_time(metadata.feed_date).value_or("")}};
  change.details = details.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (auto entry = store_->journal().append(change); !entry) {
    return entry.error().context("cannot journal the feed import");
  }
  if (auto status = transaction_->commit(); !status) return status.error();
  transaction_.reset();
  return summary;
}

}  // namespace patchplan::feeds
