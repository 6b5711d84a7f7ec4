// Helpers of the feeds tests: byte sources over strings, collected records, temp stores.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/byte_source.hpp"
#include "feeds/advisory.hpp"
#include "feeds/tracker_json.hpp"

namespace patchplan::feeds::testing {

// A ByteSource over `text` handing out 7 bytes per read unless told otherwise, so that
// tests cross the readers' buffer boundaries.
inline MemorySource StringSource(std::string text, std::string name = "feed.json",
                                 std::size_t chunk = 7) {
  return MemorySource(std::move(text), std::move(name), chunk);
}

// Keeps copies of every advisory a loader hands over.
struct Collected {
  std::vector<SourceAdvisory> advisories;
  AdvisorySink sink() {
    return [this](const SourceAdvisory& a) {
      advisories.push_back(a);
      return ok();
    };
  }
  // The one advisory of (source, vulnerability, release); fails the test if not exactly one.
  const SourceAdvisory* find(std::string_view source, std::string_view vulnerability,
                             std::string_view release) const {
    const SourceAdvisory* found = nullptr;
    for (const auto& a : advisories) {
      if (a.source_package == source && a.vulnerability == vulnerability && a.release == release) {
        EXPECT_EQ(found, nullptr) << "two advisories for " << source << " " << vulnerability;
        found = &a;
      }
    }
    return found;
  }
};

}  // namespace patchplan::feeds::testing
