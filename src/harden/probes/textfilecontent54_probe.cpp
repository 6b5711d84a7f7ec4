// ind:textfilecontent54_object probe (OVAL 5.11 independent-definitions) as OpenSCAP's
// textfilecontent54_probe.c: the whole file matched as one C string (text after a NUL is
// invisible), PCRE in UTF-8 mode (invalid UTF-8 is an error), multiline by default, and
// instances counted over repeated searches.
#include <sys/stat.h>

#include <optional>

#include "common/root_fs.hpp"
#include "harden/probes/file_paths.hpp"
#include "harden/regex.hpp"

namespace patchplan::harden {
namespace {

bool behavior(const pugi::xml_node& behaviors, const char* name, bool fallback) {
  if (!behaviors) return fallback;
  const pugi::xml_attribute attribute = behaviors.attribute(name);
  if (!attribute) return fallback;
  return std::string_view(attribute.value()) == "true";
}

// Length of the UTF-8 sequence that starts with `lead` (1 for invalid bytes).
std::size_t utf8_length(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

// Matches of `regex` in `text` as items, for instances the `instance` entity accepts.
Status match_file(const Regex& regex, std::string_view text, const FoundFile& file,
                  const ObjectEntity* instance, const ObjectRequest& request,
                  std::vector<Item>& items) {
  std::size_t offset = 0;
  long count = 0;
  while (offset <= text.size()) {
    auto found = regex.search(text, offset);
    if (!found) return found.error();
    if (!*found) break;
    const RegexMatch& match = **found;
    ++count;
    if (instance == nullptr || entity_matches(*instance, std::to_string(count))) {
      Item item;
      item.add("filepath", join_path(file.path, file.filename));
      item.add("path", file.path);
      item.add("filename", file.filename);
      item.add("pattern", regex.pattern());
      item.add("instance", std::to_string(count));
      item.add("line", regex.pattern());
      item.add("text", std::string(text.substr(match.begin, match.end - match.begin)));
      for (const auto& group : match.groups) {
        if (group) item.add("subexpression", std::string(*group));
      }
      if (!request.keep || request.keep(item)) items.push_back(std::move(item));
    }
    if (match.end == offset && match.begin == offset) {
      if (offset >= text.size()) break;
      offset += utf8_length(static_cast<unsigned char>(text[offset]));
    } else {
      offset = match.end;
    }
  }
  return ok();
}

}  // namespace

Collected collect_textfilecontent54(ProbeContext& context, const ObjectRequest& request) {
  const ObjectEntity* pattern = request.find("pattern");
  if (pattern == nullptr) return Collected{Flag::kError, {}, "no pattern entity"};
  RegexOptions options;
  options.multiline = behavior(request.behaviors, "multiline", true);
  options.dotall = behavior(request.behaviors, "singleline", false);
  options.caseless = behavior(request.behaviors, "ignore_case", false);
  std::vector<std::shared_ptr<const Regex>> regexes;
  for (const std::string& value : pattern->values) {
    auto regex = Regex::cached(value, options);
    if (!regex) return Collected{Flag::kError, {}, regex.error().message};
    regexes.push_back(*regex);
  }
  const ObjectEntity* instance = request.find("instance");

  std::vector<FoundFile> files;
  const Status found = find_files(context, request, [&](const FoundFile& file) {
    if (!file.filename.empty()) files.push_back(file);
  });
  if (!found) return Collected{Flag::kError, {}, found.error().message};

  Collected out;
  for (const FoundFile& file : files) {
    const std::string filepath = join_path(file.path, file.filename);
    // Followed as stat() follows it: a dangling symlink or a symlink loop designates no file,
    // and a directory, FIFO, socket or device no regular file; oscap skips them silently, so
    // the object does not exist (unless another file matches).
    const std::optional<FileStat> target = context.trees.stat(filepath, true);
    if (!target || (target->mode & S_IFMT) != S_IFREG) continue;
    auto text = context.fs.read_file(filepath, RootFs::kDefaultMaxFile);
    if (!text) {
      if (text.error().code == ErrorCode::kNotFound ||
          (text.error().code == ErrorCode::kInvalidInput &&
           text.error().message.find("not a regular file") != std::string::npos)) {
        continue;  // removed or replaced since the stat: no longer a regular file here
      }
      return Collected{Flag::kError, {}, text.error().message};
    }
    std::string_view content = *text;
    content = content.substr(0, content.find('\0'));
    for (const auto& regex : regexes) {
      if (auto matched = match_file(*regex, content, file, instance, request, out.items);
          !matched) {
        return Collected{
            Flag::kError, {}, fmt::format("'{}': {}", filepath, matched.error().message)};
      }
    }
  }
  out.flag = out.items.empty() ? Flag::kDoesNotExist : Flag::kComplete;
  return out;
}

}  // namespace patchplan::harden
