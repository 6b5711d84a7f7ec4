// AdvisoryIndex: advisories sorted once, looked up by source name.
#include "vulns/advisory_index.hpp"

#include <algorithm>
#include <tuple>

#include "feeds/feed_kind.hpp"
#include "versions/deb_version.hpp"

namespace patchplan::vulns {
namespace {

std::string version_key(std::string_view source, std::string_view version) {
  std::string key;
  key.reserve(source.size() + version.size() + 1);
  key.append(source).append(" ").append(version);
  return key;
}

}  // namespace

AdvisoryIndex::AdvisoryIndex(std::vector<feeds::SourceAdvisory> advisories,
                             std::vector<FeedInfo> feeds,
                             const std::vector<feeds::SourceVersion>& known_versions)
    : feeds_(std::move(feeds)) {
  // compare_deb_version_strings wants valid versions: drop statements that have none.
  advisories_.reserve(advisories.size());
  for (feeds::SourceAdvisory& advisory : advisories) {
    bool valid = true;
    for (const std::string* version :
         {&advisory.fixed_version, &advisory.introduced, &advisory.last_affected}) {
      if (!version->empty() && !versions::parse_deb_version(*version)) valid = false;
    }
    if (valid) {
      advisories_.push_back(std::move(advisory));
    } else {
      ++rejected_;
    }
  }
  std::sort(advisories_.begin(), advisories_.end(),
            [](const feeds::SourceAdvisory& a, const feeds::SourceAdvisory& b) {
              return std::tie(a.source_package, a.vulnerability) <
                     std::tie(b.source_package, b.vulnerability);
            });
  for (std::size_t i = 0; i < advisories_.size();) {
    std::size_t j = i;
    while (j < advisories_.size() &&
           advisories_[j].source_package == advisories_[i].source_package) {
      const feeds::SourceAdvisory& advisory = advisories_[j];
      for (const std::string* version :
           {&advisory.fixed_version, &advisory.introduced, &advisory.last_affected}) {
        if (!version->empty() && *version != "0") {
          known_versions_.insert(version_key(advisory.source_package, *version));
        }
      }
      if (!feed(advisory.feed)) {
        feeds_.push_back({advisory.feed, std::string(feeds::kind_name(advisory.feed)), true,
                          std::nullopt, default_max_age(advisory.feed), "", std::nullopt});
      }
      ++j;
    }
    by_source_.emplace(advisories_[i].source_package, Range{i, j});
    i = j;
  }
  for (const feeds::SourceVersion& known : known_versions) {
    known_versions_.insert(version_key(known.source_package, known.version));
  }
}

std::span<const feeds::SourceAdvisory> AdvisoryIndex::of_source(std::string_view source) const {
  auto found = by_source_.find(source);
  if (found == by_source_.end()) return {};
  return std::span<const feeds::SourceAdvisory>(advisories_)
      .subspan(found->second.begin, found->second.end - found->second.begin);
}

bool AdvisoryIndex::knows_version(std::string_view source, std::string_view version) const {
  return known_versions_.contains(version_key(source, version));
}

const FeedInfo* AdvisoryIndex::feed(feeds::FeedKind kind) const {
  for (const FeedInfo& info : feeds_) {
    if (info.kind == kind) return &info;
  }
  return nullptr;
}

}  // namespace patchplan::vulns
