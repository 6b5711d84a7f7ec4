// Loading SCAP XML documents safely: size limit, no DOCTYPE (so no external entities and no
// entity expansion bombs), and namespace-prefix-free element names.
#pragma once

#include <cstddef>
#include <memory>
#include <pugixml.hpp>
#include <string>
#include <string_view>

#include "common/expected.hpp"

namespace patchplan::harden {

inline constexpr std::size_t kMaxContentBytes = 512u << 20;

// A parsed document and the text it was parsed from in place (names and values point into
// it, so the text is not copied).
struct XmlDocument {
  std::string text;
  pugi::xml_document doc;
  [[nodiscard]] pugi::xml_node root() const { return doc.document_element(); }
};

// Parses `text` (named `name` in messages). A document with a DOCTYPE declaration is refused:
// SCAP content never needs one, and refusing it rules out XXE and entity expansion attacks.
Expected<std::unique_ptr<XmlDocument>> parse_xml(std::string text, std::string_view name);

// Reads and parses the file at `path` (at most `max_bytes`).
Expected<std::unique_ptr<XmlDocument>> load_xml_file(const std::string& path,
                                                     std::size_t max_bytes = kMaxContentBytes);

// The element name without its namespace prefix ("oval-def:test" -> "test").
std::string_view local_name(const pugi::xml_node& node);

// The first child element whose local name is `name` (empty node when none).
pugi::xml_node child(const pugi::xml_node& node, std::string_view name);

// The concatenated text of `node` with surrounding whitespace kept.
std::string node_text(const pugi::xml_node& node);

}  // namespace patchplan::harden
