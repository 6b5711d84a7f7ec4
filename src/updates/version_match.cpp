// Pin expressions, ported from pkgVersionMatch (apt 2.6 apt-pkg/versionmatch.cc).
#include "updates/version_match.hpp"

#include <fnmatch.h>
#include <regex.h>

#include "updates/apt_words.hpp"

namespace patchplan::updates {
namespace {

// MatchVer: case-insensitive equality, or prefix when `prefix`.
bool match_ver(std::string_view text, std::string_view wanted, bool prefix) {
  if (text.empty()) return false;
  if (text.size() < wanted.size() || (!prefix && text.size() != wanted.size())) return false;
  return detail::equals_ignore_case(text.substr(0, wanted.size()), wanted);
}

// TokSplitString(',', ...): the parts between commas, blanks around them removed.
std::vector<std::string_view> split_fragments(std::string_view data) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0; start <= data.size();) {
    std::size_t comma = std::min(data.find(',', start), data.size());
    std::string_view part = data.substr(start, comma - start);
    while (!part.empty() && detail::is_space(part.front())) part.remove_prefix(1);
    while (!part.empty() && detail::is_space(part.back())) part.remove_suffix(1);
    if (!part.empty()) parts.push_back(part);
    start = comma + 1;
  }
  return parts;
}

// ExpressionMatches on a field apt always stores (a release's site, a file's component).
bool pattern_matches(std::string_view pattern, std::string_view text) {
  std::string subject(text);
  if (pattern.size() >= 2 && pattern.front() == '/' && pattern.back() == '/') {
    std::string expression(pattern.substr(1, pattern.size() - 2));
    regex_t compiled;
    if (::regcomp(&compiled, expression.c_str(), REG_EXTENDED | REG_ICASE | REG_NOSUB) != 0) {
      return false;  // apt warns "Invalid regular expression" and treats it as no match
    }
    bool matched = ::regexec(&compiled, subject.c_str(), 0, nullptr, 0) == 0;
    ::regfree(&compiled);
    return matched;
  }
  std::string glob(pattern);
  return ::fnmatch(glob.c_str(), subject.c_str(), FNM_CASEFOLD) == 0;
}

}  // namespace

bool expression_matches(std::string_view pattern, std::string_view text) {
  return !text.empty() && pattern_matches(pattern, text);
}

VersionMatcher::VersionMatcher(std::string_view data, PinKind kind) : kind_(kind) {
  if (data.empty()) return;  // matches nothing, except an origin pin on local sites
  if (kind == PinKind::kVersion) {
    version_prefix_ = data.back() == '*';
    version_ = std::string(version_prefix_ ? data.substr(0, data.size() - 1) : data);
    return;
  }
  if (kind == PinKind::kOrigin) {
    bool quoted = data.size() >= 2 && data.front() == '"' && data.back() == '"';
    site_ = std::string(quoted ? data.substr(1, data.size() - 2) : data);
    return;
  }
  if (data == "*") {
    match_all_ = true;
    return;
  }
  if (data.find('=') == std::string_view::npos) {
    (data.front() >= '0' && data.front() <= '9' ? rel_version_ : rel_release_) = data;
  } else {
    if (data.size() >= 300) data = data.substr(0, 299);  // apt's Spec[300] buffer
    std::vector<std::string_view> fragments = split_fragments(data);
    if (fragments.size() >= 20) {  // more than TokSplitString's 20 slots: apt gives up
      valid_ = false;
      return;
    }
    for (std::string_view fragment : fragments) {
      if (fragment.size() < 3 || fragment[1] != '=') continue;
      std::string value(fragment.substr(2));
      switch (fragment[0] | 0x20) {
        case 'v':
          rel_version_ = value;
          break;
        case 'o':
          rel_origin_ = value;
          break;
        case 'a':
          rel_archive_ = value;
          break;
        case 'n':
          rel_codename_ = value;
          break;
        case 'l':
          rel_label_ = value;
          break;
        case 'c':
          rel_component_ = value;
          break;
        case 'b':
          rel_architecture_ = value;
          break;
        default:
          break;
      }
    }
  }
  if (!rel_version_.empty() && rel_version_.back() == '*') {
    rel_version_prefix_ = true;
    rel_version_.pop_back();
  }
}

bool VersionMatcher::release_matches(const ReleaseEntry& release) const {
  if (kind_ == PinKind::kOrigin) {
    // The site is stored even when empty (local repositories), so "" matches those.
    return pattern_matches(site_, release.site);
  }
  if (match_all_) return true;
  if (rel_version_.empty() && rel_origin_.empty() && rel_archive_.empty() && rel_label_.empty() &&
      rel_release_.empty() && rel_codename_.empty() && rel_component_.empty() &&
      rel_architecture_.empty()) {
    return false;
  }
  static const ReleaseInfo kNone;
  const ReleaseInfo& info = release.info ? *release.info : kNone;
  if (!rel_version_.empty() && !match_ver(info.version, rel_version_, rel_version_prefix_) &&
      !expression_matches(rel_version_, info.version)) {
    return false;
  }
  auto field_fails = [](const std::string& wanted, const std::string& field) {
    return !wanted.empty() && !expression_matches(wanted, field);
  };
  if (field_fails(rel_origin_, info.origin) || field_fails(rel_archive_, info.suite) ||
      field_fails(rel_codename_, info.codename) || field_fails(rel_label_, info.label)) {
    return false;
  }
  if (!rel_release_.empty() && !expression_matches(rel_release_, info.suite) &&
      !expression_matches(rel_release_, info.codename)) {
    return false;
  }
  return true;
}

bool VersionMatcher::file_matches(const PackageFile& file,
                                  const std::vector<ReleaseEntry>& releases) const {
  if (!valid_ || kind_ == PinKind::kVersion) return false;
  if (file.release) {
    if (!release_matches(releases[*file.release])) return false;
  } else if (kind_ == PinKind::kRelease) {
    // The status file has no release; its component "now" stands in for the archive.
    if (!rel_archive_.empty() && !pattern_matches(rel_archive_, file.component)) return false;
    if (!rel_release_.empty() && !pattern_matches(rel_release_, file.component)) return false;
    if (!rel_origin_.empty() || !rel_label_.empty() || !rel_version_.empty() ||
        !rel_codename_.empty()) {
      return false;
    }
  } else {
    return false;
  }
  if (kind_ == PinKind::kRelease && !match_all_) {
    if (!rel_component_.empty() && !pattern_matches(rel_component_, file.component)) {
      return false;
    }
    if (!rel_architecture_.empty() && !expression_matches(rel_architecture_, file.architecture)) {
      return false;
    }
  }
  return true;
}

bool VersionMatcher::version_matches(const CacheVersion& version,
                                     const std::vector<PackageFile>& files,
                                     const std::vector<ReleaseEntry>& releases) const {
  if (!valid_) return false;
  if (kind_ == PinKind::kVersion) {
    return match_ver(version.version, version_, version_prefix_) ||
           expression_matches(version_, version.version);
  }
  return std::any_of(version.files.begin(), version.files.end(),
                     [&](std::size_t id) { return file_matches(files[id], releases); });
}

}  // namespace patchplan::updates
