// Loading one release's advisories into pooled, grouped records.
#include "feeds/release_advisories.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>
#include <unordered_map>

#include "feeds/feed_kind.hpp"
#include "store/statement.hpp"

namespace patchplan::feeds {
namespace detail {

// Distinct texts, each stored once in chunks that never move; id 0 is "".
class TextPool {
 public:
  TextPool() { texts_.emplace_back(); }

  std::uint32_t intern(std::string_view text) {
    if (text.empty()) return 0;
    if (const auto it = ids_.find(text); it != ids_.end()) return it->second;
    if (chunk_used_ + text.size() > chunk_size_) {
      chunk_size_ = std::max(kChunk, text.size());
      chunks_.push_back(std::make_unique<char[]>(chunk_size_));
      chunk_used_ = 0;
    }
    char* place = chunks_.back().get() + chunk_used_;
    std::copy(text.begin(), text.end(), place);
    chunk_used_ += text.size();
    const std::string_view stored(place, text.size());
    const auto id = static_cast<std::uint32_t>(texts_.size());
    texts_.push_back(stored);
    ids_.emplace(stored, id);
    return id;
  }

  [[nodiscard]] std::string_view at(std::uint32_t id) const { return texts_[id]; }

  // The lookup table is needed while loading only.
  void seal() { decltype(ids_)().swap(ids_); }

 private:
  static constexpr std::size_t kChunk = std::size_t{1} << 20;
  std::vector<std::unique_ptr<char[]>> chunks_;
  std::size_t chunk_size_ = 0;
  std::size_t chunk_used_ = 0;
  std::vector<std::string_view> texts_;
  std::unordered_map<std::string_view, std::uint32_t> ids_;
};

}  // namespace detail

namespace {

static_assert(sizeof(detail::CompactAdvisory) <= 52);

constexpr std::uint8_t kUnconfirmed = 1;
constexpr std::uint8_t kNodsa = 2;
constexpr std::uint8_t kNextPointUpdate = 4;

constexpr std::string_view kQuery =
    "SELECT a.source_package, a.vulnerability, a.aliases, a.status, a.introduced, "
    "a.fixed_version, a.last_affected, a.versions, a.urgency, a.urgency_unconfirmed, a.nodsa, "
    "a.nodsa_reason, a.nodsa_note, a.next_point_update, a.scope, a.cvss_score, a.cvss_vector, "
    "f.kind FROM feeds f JOIN advisories a ON a.feed_id = f.id "
    "WHERE f.name IS NOT NULL AND a.ecosystem = ? AND a.release IN (?, '') "
    "ORDER BY a.source_package, f.kind, a.vulnerability";

float to_float(const std::string& text) {
  double value = std::numeric_limits<double>::quiet_NaN();
  std::from_chars(text.data(), text.data() + text.size(), value);
  return static_cast<float>(value);
}

}  // namespace

ReleaseAdvisories::ReleaseAdvisories() : pool_(std::make_unique<detail::TextPool>()) {}
ReleaseAdvisories::ReleaseAdvisories(ReleaseAdvisories&&) noexcept = default;
ReleaseAdvisories& ReleaseAdvisories::operator=(ReleaseAdvisories&&) noexcept = default;
ReleaseAdvisories::~ReleaseAdvisories() = default;

std::string_view ReleaseAdvisories::text(std::uint32_t id) const { return pool_->at(id); }

std::vector<AdvisoryView> ReleaseAdvisories::of_source(std::string_view source) const {
  const auto it = std::lower_bound(
      sources_.begin(), sources_.end(), source,
      [this](const SourceRange& range, std::string_view name) { return text(range.name) < name; });
  std::vector<AdvisoryView> views;
  if (it == sources_.end() || text(it->name) != source) return views;
  views.reserve(it->end - it->begin);
  for (std::uint32_t i = it->begin; i < it->end; ++i) views.emplace_back(this, &records_[i]);
  return views;
}

std::vector<SourceAdvisory> ReleaseAdvisories::expand_all() const {
  std::vector<SourceAdvisory> all;
  all.reserve(records_.size());
  for (const auto& range : sources_) {
    for (std::uint32_t i = range.begin; i < range.end; ++i) {
      all.push_back(AdvisoryView(this, &records_[i]).expand(text(range.name)));
    }
  }
  return all;
}

std::vector<std::string_view> ReleaseAdvisories::sources() const {
  std::vector<std::string_view> names;
  names.reserve(sources_.size());
  for (const auto& range : sources_) names.push_back(text(range.name));
  return names;
}

Expected<ReleaseAdvisories> load_release_advisories(store::Database& db, std::string_view ecosystem,
                                                    std::string_view release) {
  auto query = db.prepare(kQuery);
  if (!query) return query.error();
  if (auto status = query->bind(ecosystem, release); !status) return status.error();
  ReleaseAdvisories result;
  result.ecosystem_ = ecosystem;
  result.release_ = release;
  detail::TextPool& pool = *result.pool_;
  std::string previous_source;
  while (true) {
    auto row = query->step();
    if (!row) return row.error().context("cannot load advisories");
    if (!*row) break;
    const auto& r = *query;
    const auto status = parse_status(r.column_text(3));
    const auto kind = parse_kind(r.column_text(17));
    if (!status || !kind) {
      return make_error(ErrorCode::kInvalidInput,
                        "database '{}': advisory of '{}' has status "
                        "'{}' or feed kind '{}' that this patchplan does not know",
                        db.path(), r.column_text(0), r.column_text(3), r.column_text(17));
    }
    detail::CompactAdvisory record{};
    record.vulnerability = pool.intern(r.column_text(1));
    record.aliases = pool.intern(r.column_text(2));
    record.status = static_cast<std::uint8_t>(*status);
    record.introduced = pool.intern(r.column_text(4));
    record.fixed_version = pool.intern(r.column_text(5));
    record.last_affected = pool.intern(r.column_text(6));
    record.versions = pool.intern(r.column_text(7));
    record.urgency = pool.intern(r.column_text(8));
    record.flags = static_cast<std::uint8_t>((r.column_int(9) != 0 ? kUnconfirmed : 0) |
                                             (r.column_int(10) != 0 ? kNodsa : 0) |
                                             (r.column_int(13) != 0 ? kNextPointUpdate : 0));
    record.nodsa_reason = pool.intern(r.column_text(11));
    record.nodsa_note = pool.intern(r.column_text(12));
    record.scope = pool.intern(r.column_text(14));
    record.cvss_score = r.column_is_null(15) ? std::numeric_limits<float>::quiet_NaN()
                                             : to_float(r.column_text(15));
    record.cvss_vector = pool.intern(r.column_text(16));
    record.feed = static_cast<std::uint8_t>(*kind);

    const auto index = static_cast<std::uint32_t>(result.records_.size());
    std::string source = r.column_text(0);
    if (result.sources_.empty() || source != previous_source) {
      result.sources_.push_back({pool.intern(source), index, index});
      previous_source = std::move(source);
    }
    result.records_.push_back(record);
    result.sources_.back().end = index + 1;
  }
  pool.seal();
  result.records_.shrink_to_fit();
  return result;
}

std::string_view AdvisoryView::vulnerability() const {
  return owner_->text(record_->vulnerability);
}
std::string_view AdvisoryView::aliases() const { return owner_->text(record_->aliases); }
std::string_view AdvisoryView::introduced() const { return owner_->text(record_->introduced); }
std::string_view AdvisoryView::fixed_version() const {
  return owner_->text(record_->fixed_version);
}
std::string_view AdvisoryView::last_affected() const {
  return owner_->text(record_->last_affected);
}
std::string_view AdvisoryView::versions() const { return owner_->text(record_->versions); }
std::string_view AdvisoryView::urgency() const { return owner_->text(record_->urgency); }
bool AdvisoryView::urgency_unconfirmed() const { return (record_->flags & kUnconfirmed) != 0; }
bool AdvisoryView::nodsa() const { return (record_->flags & kNodsa) != 0; }
std::string_view AdvisoryView::nodsa_reason() const { return owner_->text(record_->nodsa_reason); }
std::string_view AdvisoryView::nodsa_note() const { return owner_->text(record_->nodsa_note); }
bool AdvisoryView::next_point_update() const { return (record_->flags & kNextPointUpdate) != 0; }
std::string_view AdvisoryView::scope() const { return owner_->text(record_->scope); }
std::optional<double> AdvisoryView::cvss_score() const {
  if (std::isnan(record_->cvss_score)) return std::nullopt;
  return static_cast<double>(record_->cvss_score);
}
std::string_view AdvisoryView::cvss_vector() const { return owner_->text(record_->cvss_vector); }

SourceAdvisory AdvisoryView::expand(std::string_view source) const {
  SourceAdvisory a;
  a.vulnerability = vulnerability();
  for (std::string_view rest = aliases(); !rest.empty();) {
    const std::size_t space = std::min(rest.find(' '), rest.size());
    a.aliases.emplace_back(rest.substr(0, space));
    rest.remove_prefix(std::min(space + 1, rest.size()));
  }
  a.ecosystem = owner_->ecosystem();
  a.release = owner_->release();
  a.source_package = source;
  a.status = status();
  a.introduced = introduced();
  a.fixed_version = fixed_version();
  a.last_affected = last_affected();
  a.versions = versions();
  a.urgency = urgency();
  a.urgency_unconfirmed = urgency_unconfirmed();
  a.nodsa = nodsa();
  a.nodsa_reason = nodsa_reason();
  a.nodsa_note = nodsa_note();
  a.next_point_update = next_point_update();
  a.scope = scope();
  a.cvss_score = cvss_score();
  a.cvss_vector = cvss_vector();
  a.feed = feed();
  return a;
}

}  // namespace patchplan::feeds
