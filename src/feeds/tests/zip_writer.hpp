// Writes zip archives for the OSV tests with libarchive, as osv.dev's exports are laid out.
#pragma once

#include <archive.h>
#include <archive_entry.h>

#include <string>
#include <utility>
#include <vector>

namespace patchplan::feeds::testing {

// Writes `entries` (name, content) into the zip file `path`; returns false on any failure.
inline bool write_zip(const std::string& path,
                      const std::vector<std::pair<std::string, std::string>>& entries) {
  archive* zip = archive_write_new();
  bool good = archive_write_set_format_zip(zip) == ARCHIVE_OK &&
              archive_write_open_filename(zip, path.c_str()) == ARCHIVE_OK;
  for (const auto& [name, content] : entries) {
    if (!good) break;
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, name.c_str());
    archive_entry_set_filetype(entry, AE_IFREG);
    archive_entry_set_perm(entry, 0644);
    archive_entry_set_size(entry, static_cast<la_int64_t>(content.size()));
    good = archive_write_header(zip, entry) == ARCHIVE_OK &&
           archive_write_data(zip, content.data(), content.size()) ==
               static_cast<la_ssize_t>(content.size());
    archive_entry_free(entry);
  }
  good = archive_write_close(zip) == ARCHIVE_OK && good;
  archive_write_free(zip);
  return good;
}

}  // namespace patchplan::feeds::testing
