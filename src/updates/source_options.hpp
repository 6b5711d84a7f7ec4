// Shared pieces of the two sources formats: URI fix-up, option names, entry creation.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "updates/sources_list.hpp"

namespace patchplan::updates::detail {

// pkgSourceList::Type::FixupURI: refuses an empty URI or one without ':', replaces
// $(ARCH) and appends '/'. False when refused.
bool fixup_uri(std::string& uri, std::string_view native_architecture);

// SubstVar(text, "$(ARCH)", arch).
std::string substitute_arch(std::string_view text, std::string_view native_architecture);

// True for the option names apt 2.6's deb/deb-src types understand (debmetaindex.cc).
bool is_known_source_option(std::string_view name);

// The notices for options apt does not know, one per name.
void note_unknown_options(const std::map<std::string, std::string>& options,
                          std::string_view origin, std::vector<std::string>& notices);

}  // namespace patchplan::updates::detail
