// Rows of remediation_changes, remediation_fixes and file_contents.
#include "harden/remediation_records.hpp"

#include "store/sha256.hpp"

namespace patchplan::harden {
namespace {

constexpr std::string_view kHex = "0123456789abcdef";

std::string to_hex(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char byte : bytes) {
    const auto value = static_cast<unsigned char>(byte);
    out += kHex[value >> 4];
    out += kHex[value & 15];
  }
  return out;
}

std::optional<std::string> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const std::size_t high = kHex.find(hex[i]);
    const std::size_t low = kHex.find(hex[i + 1]);
    if (high == std::string_view::npos || low == std::string_view::npos) return std::nullopt;
    out += static_cast<char>(high * 16 + low);
  }
  return out;
}

Status run(store::Database& db, std::string_view sql, const auto&... values) {
  auto statement = db.prepare(sql);
  if (!statement) return statement.error();
  if (auto bound = statement->bind(values...); !bound) return bound;
  return statement->run();
}

}  // namespace

Status insert_remediation_change(store::Database& db, const RemediationChange& change) {
  return run(db,
             "INSERT INTO remediation_changes (id, created_at, host, root, benchmark, profile, "
             "state) VALUES (?, ?, ?, ?, ?, ?, ?)",
             change.id, change.created_at, change.host, change.root, change.benchmark,
             change.profile, change.state);
}

Status set_remediation_state(store::Database& db, const std::string& id, const std::string& state) {
  return run(db, "UPDATE remediation_changes SET state = ? WHERE id = ?", state, id);
}

Expected<std::optional<RemediationChange>> find_remediation_change(store::Database& db,
                                                                   const std::string& id) {
  auto statement = db.prepare(
      "SELECT id, created_at, host, root, benchmark, profile, state FROM remediation_changes "
      "WHERE id = ?");
  if (!statement) return statement.error();
  if (auto bound = statement->bind(id); !bound) return bound.error();
  auto row = statement->step();
  if (!row) return row.error();
  if (!*row) return std::optional<RemediationChange>{};
  return std::optional<RemediationChange>{RemediationChange{
      statement->column_text(0), statement->column_text(1), statement->column_text(2),
      statement->column_text(3), statement->column_text(4), statement->column_text(5),
      statement->column_text(6)}};
}

Status insert_remediation_fix(store::Database& db, const std::string& change_id,
                              const RemediationFixRow& fix) {
  return run(db,
             "INSERT INTO remediation_fixes (change_id, ordinal, rule, start_journal_id) "
             "VALUES (?, ?, ?, ?)",
             change_id, fix.ordinal, fix.rule, fix.start_journal_id);
}

Status set_fix_end(store::Database& db, const std::string& change_id, std::int64_t ordinal,
                   std::int64_t end_journal_id) {
  return run(db,
             "UPDATE remediation_fixes SET end_journal_id = ? WHERE change_id = ? AND ordinal = ?",
             end_journal_id, change_id, ordinal);
}

Expected<std::vector<RemediationFixRow>> remediation_fixes(store::Database& db,
                                                           const std::string& change_id) {
  auto statement = db.prepare(
      "SELECT ordinal, rule, start_journal_id, end_journal_id FROM remediation_fixes "
      "WHERE change_id = ? ORDER BY ordinal");
  if (!statement) return statement.error();
  if (auto bound = statement->bind(change_id); !bound) return bound.error();
  std::vector<RemediationFixRow> rows;
  for (;;) {
    auto row = statement->step();
    if (!row) return row.error();
    if (!*row) break;
    RemediationFixRow fix{statement->column_int(0), statement->column_text(1),
                          statement->column_int(2), std::nullopt};
    if (!statement->column_is_null(3)) fix.end_journal_id = statement->column_int(3);
    rows.push_back(std::move(fix));
  }
  return rows;
}

Status store_file_content(store::Database& db, const std::string& sha256,
                          const std::string& content) {
  return run(db, "INSERT OR IGNORE INTO file_contents (sha256, size, content_hex) VALUES (?, ?, ?)",
             sha256, static_cast<std::int64_t>(content.size()), to_hex(content));
}

Expected<std::string> load_file_content(store::Database& db, const std::string& sha256) {
  auto statement = db.prepare("SELECT content_hex FROM file_contents WHERE sha256 = ?");
  if (!statement) return statement.error();
  if (auto bound = statement->bind(sha256); !bound) return bound.error();
  auto row = statement->step();
  if (!row) return row.error();
  if (!*row) {
    return make_error(ErrorCode::kNotFound, "no file content '{}' in the store '{}'", sha256,
                      db.path());
  }
  auto content = from_hex(statement->column_text(0));
  if (!content || store::sha256_hex(*content) != sha256) {
    return make_error(ErrorCode::kInvalidInput,
                      "the stored file content '{}' in '{}' does not match its digest", sha256,
                      db.path());
  }
  return *content;
}

Expected<std::string> journal_details(store::Database& db, std::int64_t id) {
  auto statement = db.prepare("SELECT details FROM journal WHERE id = ?");
  if (!statement) return statement.error();
  if (auto bound = statement->bind(id); !bound) return bound.error();
  auto row = statement->step();
  if (!row) return row.error();
  if (!*row) {
    return make_error(ErrorCode::kNotFound, "no journal entry {} in '{}'", id, db.path());
  }
  return statement->column_text(0);
}

}  // namespace patchplan::harden
