// A SAX state machine over the tracker's fixed five-level shape: package, issue, issue
// members, releases, release members. Records of an issue are emitted at its end, so
// members may come in any order.
#include "feeds/tracker_json.hpp"

#include <vector>

#include "feeds/tracker_release.hpp"

namespace patchplan::feeds {
namespace {

using detail::JsonType;
using nlohmann::json;

// Where the parser is: inside which object of the shape.
enum class Level { kStart, kTop, kPackage, kIssue, kReleases, kRelease, kDone };

// What the next value is, after the key just read.
enum class Slot {
  kNone,
  kSkip,  // an unknown member, any shape
  kDocument,
  kPackage,
  kIssue,
  kReleases,
  kRelease,
  kScope,
  kStatus,
  kFixedVersion,
  kUrgency,
  kNodsa,
  kNodsaReason,
  kNextPointUpdate,
};

Slot release_member(std::string_view key) {
  if (key == "status") return Slot::kStatus;
  if (key == "fixed_version") return Slot::kFixedVersion;
  if (key == "urgency") return Slot::kUrgency;
  if (key == "nodsa") return Slot::kNodsa;
  if (key == "nodsa_reason") return Slot::kNodsaReason;
  if (key == "next_point_update") return Slot::kNextPointUpdate;
  return Slot::kSkip;  // "repositories" and anything newer
}

class TrackerHandler {
 public:
  TrackerHandler(detail::JsonInput& input, const AdvisorySink& sink, TrackerStats& stats,
                 std::size_t max_depth)
      : input_(&input), sink_(&sink), stats_(&stats), max_depth_(max_depth) {
    advisory_.ecosystem = "debian";
    advisory_.feed = FeedKind::kDebianTracker;
  }

  bool null() { return scalar(JsonType::kNull, nullptr); }
  bool boolean(bool value) {
    if (!scalar(JsonType::kBoolean, nullptr)) return false;
    if (last_slot_ == Slot::kNextPointUpdate) current().next_point_update = value;
    return true;
  }
  bool number_integer(json::number_integer_t /*v*/) { return scalar(JsonType::kNumber, nullptr); }
  bool number_unsigned(json::number_unsigned_t /*v*/) { return scalar(JsonType::kNumber, nullptr); }
  bool number_float(json::number_float_t /*v*/, const std::string& /*text*/) {
    return scalar(JsonType::kNumber, nullptr);
  }
  bool string(std::string& value) { return scalar(JsonType::kString, &value); }
  bool binary(json::binary_t& /*v*/) { return scalar(JsonType::kNull, nullptr); }

  bool start_object(std::size_t /*size*/);
  bool end_object();
  bool start_array(std::size_t /*size*/);
  bool end_array();
  bool key(std::string& key);

  bool parse_error(std::size_t /*position*/, const std::string& /*token*/,
                   const nlohmann::detail::exception& ex) {
    if (!error_) error_ = input_->syntax_error(ex.what());
    return false;
  }

  [[nodiscard]] std::optional<Error> error() const { return error_; }

 private:
  bool scalar(JsonType type, std::string* value);
  bool open_skipped();
  bool type_error(JsonType type);
  [[nodiscard]] std::string context() const;
  std::string_view slot_name() const;
  detail::TrackerRelease& current() { return releases_[used_ - 1].second; }
  void begin_release(std::string codename);
  bool emit_issue();

  detail::JsonInput* input_;
  const AdvisorySink* sink_;
  TrackerStats* stats_;
  std::size_t max_depth_;

  Level level_ = Level::kStart;
  Slot slot_ = Slot::kDocument;
  Slot last_slot_ = Slot::kNone;
  std::string slot_key_;
  std::size_t skip_depth_ = 0;

  std::string package_;
  std::string issue_;
  std::string scope_;
  std::vector<std::pair<std::string, detail::TrackerRelease>> releases_;  // reused
  std::size_t used_ = 0;
  SourceAdvisory advisory_;
  std::optional<Error> error_;
};

// The depth of the containers that the shape itself opens at each level.
std::size_t level_depth(Level level) {
  switch (level) {
    case Level::kStart:
    case Level::kDone:
      return 0;
    case Level::kTop:
      return 1;
    case Level::kPackage:
      return 2;
    case Level::kIssue:
      return 3;
    case Level::kReleases:
      return 4;
    case Level::kRelease:
      return 5;
  }
  return 0;
}

bool TrackerHandler::open_skipped() {
  ++skip_depth_;
  if (level_depth(level_) + skip_depth_ > max_depth_) {
    error_ = make_error(ErrorCode::kInvalidInput, "'{}': {}: JSON nested deeper than {} levels",
                        input_->name(), input_->where(), max_depth_);
    return false;
  }
  return true;
}

bool TrackerHandler::start_object(std::size_t /*size*/) {
  input_->mark_event();
  if (skip_depth_ > 0 || slot_ == Slot::kSkip) return open_skipped();
  switch (slot_) {
    case Slot::kDocument:
      level_ = Level::kTop;
      break;
    case Slot::kPackage:
      level_ = Level::kPackage;
      ++stats_->packages;
      break;
    case Slot::kIssue:
      level_ = Level::kIssue;
      scope_.clear();
      used_ = 0;
      break;
    case Slot::kReleases:
      level_ = Level::kReleases;
      break;
    case Slot::kRelease:
      level_ = Level::kRelease;
      break;
    default:
      return type_error(JsonType::kObject);
  }
  slot_ = Slot::kNone;
  return true;
}

bool TrackerHandler::end_object() {
  input_->mark_event();
  if (skip_depth_ > 0) {
    --skip_depth_;
    return true;
  }
  switch (level_) {
    case Level::kRelease:
      level_ = Level::kReleases;
      break;
    case Level::kReleases:
      level_ = Level::kIssue;
      break;
    case Level::kIssue:
      level_ = Level::kPackage;
      if (!emit_issue()) return false;
      break;
    case Level::kPackage:
      level_ = Level::kTop;
      break;
    default:
      level_ = Level::kDone;
      break;
  }
  slot_ = Slot::kNone;
  return true;
}

bool TrackerHandler::start_array(std::size_t /*size*/) {
  input_->mark_event();
  if (skip_depth_ > 0 || slot_ == Slot::kSkip) return open_skipped();
  return type_error(JsonType::kArray);
}

bool TrackerHandler::end_array() {
  input_->mark_event();
  --skip_depth_;  // arrays are only ever opened while skipping
  return true;
}

bool TrackerHandler::key(std::string& key) {
  input_->mark_event();
  if (skip_depth_ > 0) return true;
  switch (level_) {
    case Level::kTop:
      package_ = std::move(key);
      slot_ = Slot::kPackage;
      return true;
    case Level::kPackage:
      issue_ = std::move(key);
      slot_ = Slot::kIssue;
      return true;
    case Level::kIssue:
      slot_ = key == "releases" ? Slot::kReleases : key == "scope" ? Slot::kScope : Slot::kSkip;
      break;
    case Level::kReleases:
      begin_release(std::move(key));
      slot_ = Slot::kRelease;
      return true;
    case Level::kRelease:
      slot_ = release_member(key);
      break;
    default:
      slot_ = Slot::kSkip;
      break;
  }
  slot_key_ = std::move(key);
  return true;
}

bool TrackerHandler::scalar(JsonType type, std::string* value) {
  input_->mark_event();
  last_slot_ = Slot::kNone;
  if (skip_depth_ > 0) return true;
  const Slot slot = std::exchange(slot_, Slot::kNone);
  switch (slot) {
    case Slot::kSkip:
      return true;
    case Slot::kDocument:
    case Slot::kPackage:
    case Slot::kIssue:
    case Slot::kReleases:
    case Slot::kRelease:
      slot_ = slot;
      return type_error(type);
    case Slot::kNextPointUpdate:
      if (type == JsonType::kBoolean || type == JsonType::kNull) {
        last_slot_ = slot;
        return true;
      }
      slot_ = slot;
      return type_error(type);
    default:
      break;
  }
  if (type == JsonType::kNull) return true;  // an absent value
  if (type != JsonType::kString) {
    slot_ = slot;
    return type_error(type);
  }
  if (slot == Slot::kScope) {
    scope_ = std::move(*value);
    return true;
  }
  detail::TrackerRelease& release = current();
  switch (slot) {
    case Slot::kStatus:
      release.status = std::move(*value);
      break;
    case Slot::kFixedVersion:
      release.fixed_version = std::move(*value);
      release.has_fixed_version = true;
      break;
    case Slot::kUrgency:
      release.urgency = std::move(*value);
      break;
    case Slot::kNodsa:
      release.nodsa = std::move(*value);
      release.has_nodsa = true;
      break;
    case Slot::kNodsaReason:
      release.nodsa_reason = std::move(*value);
      break;
    default:
      break;
  }
  return true;
}

void TrackerHandler::begin_release(std::string codename) {
  if (used_ == releases_.size()) releases_.emplace_back();
  auto& [name, release] = releases_[used_++];
  name = std::move(codename);
  release.clear();
}

bool TrackerHandler::emit_issue() {
  ++stats_->issues;
  advisory_.vulnerability = issue_;
  advisory_.source_package = package_;
  advisory_.scope = scope_;
  for (std::size_t i = 0; i < used_; ++i) {
    const auto& [codename, release] = releases_[i];
    advisory_.release = codename;
    const auto verdict = detail::apply_tracker_release(release, advisory_);
    if (verdict == detail::TrackerVerdict::kUnusableVersion) ++stats_->unusable_versions;
    if (verdict == detail::TrackerVerdict::kUnknownStatus) ++stats_->unknown_statuses;
    ++stats_->records;
    if (auto status = (*sink_)(advisory_); !status) {
      error_ = status.error();
      return false;
    }
  }
  used_ = 0;
  return true;
}

std::string TrackerHandler::context() const {
  std::string text;
  if (level_ >= Level::kTop && slot_ != Slot::kDocument) {
    text = fmt::format("package '{}'", package_);
  }
  if (level_ >= Level::kPackage && slot_ != Slot::kPackage) {
    text += fmt::format(", issue '{}'", issue_);
  }
  if (level_ >= Level::kReleases && slot_ != Slot::kReleases && used_ > 0) {
    text += fmt::format(", release '{}'", releases_[used_ - 1].first);
  }
  return text;
}

std::string_view TrackerHandler::slot_name() const {
  switch (slot_) {
    case Slot::kDocument:
      return "the document";
    case Slot::kPackage:
      return "the package entry";
    case Slot::kIssue:
      return "the issue entry";
    case Slot::kRelease:
      return "the release entry";
    default:
      return slot_key_;
  }
}

bool TrackerHandler::type_error(JsonType type) {
  const bool is_entry = slot_ == Slot::kDocument || slot_ == Slot::kPackage ||
                        slot_ == Slot::kIssue || slot_ == Slot::kRelease ||
                        slot_ == Slot::kReleases;
  const std::string_view expected = slot_ == Slot::kNextPointUpdate ? "a boolean"
                                    : is_entry                      ? "an object"
                                                                    : "a string";
  const std::string where = context();
  const std::string quoted = is_entry && slot_ != Slot::kReleases
                                 ? std::string(slot_name())
                                 : fmt::format("'{}'", slot_name());
  error_ = make_error(ErrorCode::kInvalidInput, "'{}': {}: {}{}{} is {}, expected {}",
                      input_->name(), input_->where(), where, where.empty() ? "" : ": ", quoted,
                      detail::json_type_name(type), expected);
  return false;
}

}  // namespace

Status read_tracker_json(ByteSource& source, const AdvisorySink& sink, TrackerStats& stats,
                         const detail::JsonLimits& limits) {
  detail::JsonInput input(source, limits);
  TrackerHandler handler(input, sink, stats, limits.max_depth);
  return input.parse(handler);
}

}  // namespace patchplan::feeds
