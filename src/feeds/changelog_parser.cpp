// The changelog state machine of dpkg 1.21 (scripts/Dpkg/Changelog/Debian.pm, parse).
#include "feeds/changelog_parser.hpp"

#include <algorithm>
#include <optional>
#include <string>

#include "common/deb822.hpp"
#include "feeds/changelog_date.hpp"
#include "feeds/changelog_lines.hpp"
#include "versions/deb_version.hpp"

namespace patchplan::feeds {
namespace {

enum class Expect { kFirstHeading, kNextOrEof, kStartChanges, kChangesOrTrailer };

std::string_view expect_text(Expect expect) {
  switch (expect) {
    case Expect::kFirstHeading:
      return "first heading";
    case Expect::kNextOrEof:
      return "next heading or end of file";
    case Expect::kStartChanges:
      return "start of change data";
    case Expect::kChangesOrTrailer:
      return "more change data or trailer";
  }
  return "";
}

bool starts_with_icase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  return std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
    auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; };
    return lower(a) == lower(b);
  });
}

bool is_blank(std::string_view line) {
  return std::all_of(line.begin(), line.end(), detail::is_perl_space);
}

// Lines dpkg skips or stops at before looking at the entry structure.
enum class Special { kNone, kEndOfEntries, kComment };

Special special_line(std::string_view line) {
  std::string_view rest = line;
  if (rest.starts_with(";;")) {
    rest.remove_prefix(2);
    while (!rest.empty() && detail::is_perl_space(rest.front())) rest.remove_prefix(1);
  }
  if (starts_with_icase(rest, "local variables:") || starts_with_icase(line, "vim:")) {
    return Special::kEndOfEntries;
  }
  // RCS keywords "$Id: ... $", "# " comments and "/* ... */" comments.
  if (line.size() > 1 && line[0] == '$' && detail::is_word_char(line[1])) {
    std::size_t i = 1;
    while (i < line.size() && detail::is_word_char(line[i])) ++i;
    if (i < line.size() && line[i] == ':' && line.find('$', i) != std::string_view::npos) {
      return Special::kComment;
    }
  }
  if (line.starts_with("# ")) return Special::kComment;
  if (line.starts_with("/*") && line.find("*/", 2) != std::string_view::npos) {
    return Special::kComment;
  }
  return Special::kNone;
}

// The value of the first "urgency=" option, as get_urgency returns it, with dpkg's checks
// of the option syntax (Dpkg::Changelog::Entry::Debian::parse_header).
std::string urgency_of(std::string_view options, std::vector<std::string>& problems) {
  while (!options.empty() && detail::is_perl_space(options.front())) options.remove_prefix(1);
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= options.size(); ++i) {
    if (i == options.size() || options[i] == ',') {
      parts.push_back(trim(options.substr(start, i - start)));
      start = i + 1;
    }
  }
  while (!parts.empty() && parts.back().empty()) parts.pop_back();  // Perl's split

  std::string urgency;
  bool seen = false;
  for (std::string_view part : parts) {
    std::size_t equals = part.find('=');
    std::string_view key = part.substr(0, equals);
    bool key_ok = equals != std::string_view::npos && !key.empty() &&
                  std::all_of(key.begin(), key.end(), [](char c) {
                    return c == '-' || (detail::is_word_char(c) && c != '_');
                  });
    std::string_view value = key_ok ? trim(part.substr(equals + 1)) : std::string_view{};
    if (!key_ok || value.empty()) {
      problems.push_back(fmt::format("bad key-value after ';': '{}'", part));
      continue;
    }
    if (!starts_with_icase(key, "urgency") || key.size() != 7) continue;
    if (seen) {
      problems.push_back("repeated key-value Urgency");
      continue;
    }
    seen = true;
    std::size_t end = 0;
    while (end < value.size() && !detail::is_perl_space(value[end])) ++end;
    urgency.assign(value.substr(0, end));
    for (char& c : urgency) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  }
  return urgency;
}

std::vector<std::string> split_blanks(std::string_view text) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && detail::is_perl_space(text[i])) ++i;
    std::size_t start = i;
    while (i < text.size() && !detail::is_perl_space(text[i])) ++i;
    if (i > start) words.emplace_back(text.substr(start, i - start));
  }
  return words;
}

bool is_week_day(std::string_view word) {
  for (std::string_view day : {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}) {
    if (word == day) return true;
  }
  return false;
}

// Streams lines out of a ByteSource; a line longer than the limit comes back flagged.
class LineReader {
 public:
  LineReader(ByteSource& source, const ChangelogOptions& options)
      : source_(source), options_(options) {}

  struct Line {
    std::string_view text;
    std::size_t number = 0;
    bool oversized = false;
  };

  Expected<std::optional<Line>> next() {
    bool oversized = false;
    while (true) {
      std::size_t newline = buffer_.find('\n', begin_);
      if (newline != std::string::npos) {
        Line line{std::string_view(buffer_).substr(begin_, newline - begin_), ++number_, oversized};
        begin_ = newline + 1;
        return std::optional<Line>(line);
      }
      if (buffer_.size() - begin_ > options_.max_line_bytes) {
        oversized = true;
        buffer_.clear();
        begin_ = 0;
      }
      if (eof_) {
        if (begin_ == buffer_.size() && !oversized) return std::optional<Line>();
        Line line{std::string_view(buffer_).substr(begin_), ++number_, oversized};
        begin_ = buffer_.size();
        return std::optional<Line>(line);
      }
      auto filled = fill();
      if (!filled) return filled.error();
    }
  }

 private:
  Status fill() {
    if (begin_ > 0) {
      buffer_.erase(0, begin_);
      begin_ = 0;
    }
    char chunk[64 * 1024];
    auto got = source_.read(chunk, sizeof chunk);
    if (!got) return got.error();
    if (*got == 0) {
      eof_ = true;
      return ok();
    }
    total_ += *got;
    if (total_ > options_.max_bytes) {
      return make_error(ErrorCode::kInvalidInput, "changelog '{}' is larger than {} bytes",
                        source_.name(), options_.max_bytes);
    }
    buffer_.append(chunk, *got);
    return ok();
  }

  ByteSource& source_;
  const ChangelogOptions& options_;
  std::string buffer_;
  std::size_t begin_ = 0;
  std::size_t number_ = 0;
  std::size_t total_ = 0;
  bool eof_ = false;
};

// The entry being read and the file's results.
class ChangelogBuilder {
 public:
  ChangelogBuilder(std::string file, std::size_t max_warnings) : max_warnings_(max_warnings) {
    result_.file = std::move(file);
  }

  void warn(std::size_t line, std::string_view what) {
    if (result_.warnings.size() < max_warnings_) {
      result_.warnings.push_back(fmt::format("{}:{}: {}", result_.file, line, what));
    } else {
      ++dropped_;
    }
  }

  [[nodiscard]] bool empty() const { return !has_header_ && !has_trailer_ && !has_changes_; }

  void start_entry(const detail::HeaderLine& header, std::size_t line) {
    finish_entry();
    has_header_ = true;
    entry_ = ChangelogEntry{};
    entry_.line = line;
    entry_.package.assign(header.package);
    entry_.version.assign(header.version);
    entry_.distributions = split_blanks(header.distributions);
    std::vector<std::string> problems;
    entry_.urgency = urgency_of(header.options, problems);
    for (const std::string& problem : problems) warn(line, problem);
    auto version = versions::parse_deb_version(header.version);
    header_ok_ = version.has_value();
    if (!version) warn(line, fmt::format("{}; entry skipped", version.error().message));
  }

  void add_change(std::string_view text, std::size_t line) {
    if (!has_changes_) first_change_line_ = line;
    has_changes_ = true;
    collect_cve_ids(text, entry_.cves);
  }

  void set_trailer(const detail::TrailerLine& trailer, std::size_t line) {
    has_trailer_ = true;
    entry_.maintainer = fmt::format("{} <{}>", trailer.name, trailer.email);
    if (trailer.blanks != "  ") warn(line, "badly formatted trailer line");
    if (!trailer.week_day.empty() && !is_week_day(trailer.week_day)) {
      warn(line, fmt::format("ignoring invalid week day '{}'", trailer.week_day));
    }
    auto date = changelog_date_to_iso(trailer.date_body);
    if (!date) {
      entry_.date.clear();
      warn(line, date.error().message);
      return;
    }
    if (trailer.month.size() > 3) {
      warn(line,
           fmt::format("uses full month name '{}' instead of its abbreviation", trailer.month));
    }
    entry_.date = std::move(*date);
  }

  // Ends the entry being read: kept when its header was valid.
  void finish_entry() {
    if (empty()) return;
    if (!has_header_) {
      warn(has_changes_ ? first_change_line_ : 0, "change data without a heading: skipped");
    } else if (header_ok_) {
      result_.entries.push_back(std::move(entry_));
    }
    entry_ = ChangelogEntry{};
    has_header_ = has_trailer_ = has_changes_ = header_ok_ = false;
  }

  Changelog take() {
    finish_entry();
    if (dropped_ > 0) {
      result_.warnings.push_back(
          fmt::format("{}: {} more warnings not shown", result_.file, dropped_));
    }
    return std::move(result_);
  }

 private:
  Changelog result_;
  ChangelogEntry entry_;
  std::size_t max_warnings_;
  std::size_t dropped_ = 0;
  std::size_t first_change_line_ = 0;
  bool has_header_ = false;
  bool header_ok_ = false;
  bool has_trailer_ = false;
  bool has_changes_ = false;
};

bool is_change_line(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && detail::is_perl_space(line[i])) ++i;
  return i >= 2 && i < line.size();
}

}  // namespace

void collect_cve_ids(std::string_view text, std::vector<std::string>& cves) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  std::size_t at = text.find("CVE-");
  while (at != std::string_view::npos) {
    std::size_t i = at + 4;
    std::size_t year = i;
    while (i < text.size() && digit(text[i])) ++i;
    bool ok = i - year == 4 && i < text.size() && text[i] == '-';
    std::size_t serial = ++i;
    while (ok && i < text.size() && digit(text[i])) ++i;
    if (ok && i - serial >= 4) {
      std::string_view id = text.substr(at, i - at);
      if (std::find(cves.begin(), cves.end(), id) == cves.end()) cves.emplace_back(id);
    }
    at = text.find("CVE-", at + 4);
  }
}

Expected<Changelog> parse_changelog(ByteSource& source, const ChangelogOptions& options) {
  LineReader reader(source, options);
  ChangelogBuilder builder(source.name(), options.max_warnings);
  Expect expect = Expect::kFirstHeading;
  std::size_t last_line = 0;
  while (true) {
    auto next = reader.next();
    if (!next) return next.error();
    if (!*next) break;
    const auto& [text, number, oversized] = **next;
    last_line = number;
    if (oversized) {
      builder.warn(number,
                   fmt::format("line longer than {} bytes skipped", options.max_line_bytes));
      continue;
    }
    if (auto header = detail::match_header(text)) {
      if (expect != Expect::kFirstHeading && expect != Expect::kNextOrEof) {
        builder.warn(number,
                     fmt::format("found start of entry where expected {}", expect_text(expect)));
      }
      builder.start_entry(*header, number);
      expect = Expect::kStartChanges;
      continue;
    }
    Special special = special_line(text);
    if (special == Special::kEndOfEntries) break;
    if (special == Special::kComment) continue;
    if (detail::is_ancient_delimiter(text)) {
      builder.warn(number, "old changelog format from here on: the rest is not read");
      break;
    }
    if (!text.empty() && !detail::is_perl_space(text[0])) {
      builder.warn(number, "badly formatted heading line");
    } else if (auto trailer = detail::match_trailer(text)) {
      if (expect != Expect::kChangesOrTrailer) {
        builder.warn(number, fmt::format("found trailer where expected {}", expect_text(expect)));
      }
      builder.set_trailer(*trailer, number);
      expect = Expect::kNextOrEof;
    } else if (text.starts_with(" --")) {
      builder.warn(number, "badly formatted trailer line");
    } else if (is_change_line(text)) {
      if (expect != Expect::kStartChanges && expect != Expect::kChangesOrTrailer) {
        builder.warn(number,
                     fmt::format("found change data where expected {}", expect_text(expect)));
        if (expect == Expect::kNextOrEof) builder.finish_entry();
      }
      builder.add_change(text, number);
      expect = Expect::kChangesOrTrailer;
    } else if (is_blank(text)) {
      if (expect == Expect::kFirstHeading) {
        builder.warn(number, "found blank line where expected first heading");
      }
    } else {
      builder.warn(number, "unrecognized line");
      if (expect != Expect::kStartChanges && expect != Expect::kChangesOrTrailer) {
        builder.add_change(text, number);
        expect = Expect::kChangesOrTrailer;
      }
    }
  }
  if (expect != Expect::kNextOrEof && last_line > 0) {
    builder.warn(last_line,
                 fmt::format("found end of file where expected {}", expect_text(expect)));
  }
  return builder.take();
}

Expected<Changelog> read_changelog(const RootFs& root, std::string_view path,
                                   const ChangelogOptions& options) {
  auto source = open_byte_source(root, path);
  if (!source) return source.error();
  return parse_changelog(**source, options);
}

}  // namespace patchplan::feeds
