// Status stanza identities for apt's SameVersion (debListParser::VersionHash of the status
// stanza is compared with the archive stanza's).
#include "updates/status_identity.hpp"

#include "common/byte_source.hpp"
#include "updates/packages_index.hpp"

namespace patchplan::updates {

Expected<std::unordered_map<std::size_t, VersionIdentity>> read_status_identities(
    const RootFs& root, std::string_view status_path) {
  auto source = open_byte_source(root, status_path);
  if (!source) return source.error().context("cannot read dpkg status");
  ParagraphReader reader(std::move(*source));
  std::string file = reader.name();
  std::unordered_map<std::size_t, VersionIdentity> identities;
  while (true) {
    auto paragraph = reader.next();
    if (!paragraph) return paragraph.error();
    if (!*paragraph) return identities;
    // A malformed stanza is one the inventory skipped too; it has no identity here.
    if (auto stanza = parse_package_stanza(**paragraph, file)) {
      identities.emplace((*paragraph)->first_line, stanza->identity);
    }
  }
}

}  // namespace patchplan::updates
