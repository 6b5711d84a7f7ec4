// File location entities to files: direct lookups, pattern traversals that follow symlinks
// with loop detection, and recursion below directories through the shared tree walks.
#include "harden/probes/file_paths.hpp"

#include <algorithm>
#include <optional>
#include <set>

#include "harden/regex.hpp"
#include "harden/xml_load.hpp"

namespace patchplan::harden {
namespace {

struct Behaviors {
  long max_depth = -1;
  bool recurse_dirs = true;
  bool recurse_symlinks = true;
  bool down = false;
  FsMode fs = FsMode::kAll;
};

Behaviors parse_behaviors(const pugi::xml_node& node) {
  Behaviors b;
  if (!node) return b;
  if (auto depth = node.attribute("max_depth"))
    b.max_depth = std::strtol(depth.value(), nullptr, 10);
  if (auto recurse = node.attribute("recurse")) {
    const std::string_view text = recurse.value();
    b.recurse_dirs = text.find("directories") != std::string_view::npos;
    b.recurse_symlinks = text.find("symlinks") != std::string_view::npos;
  }
  b.down = std::string_view(node.attribute("recurse_direction").value()) == "down";
  const std::string_view fs = node.attribute("recurse_file_system").value();
  if (fs == "local") b.fs = FsMode::kLocal;
  if (fs == "defined") b.fs = FsMode::kDefined;
  return b;
}

std::string anchored(std::string_view pattern) {
  return pattern.starts_with('^') ? std::string(pattern) : "^" + std::string(pattern);
}

std::pair<std::string, std::string> split_path(std::string_view path) {
  const std::size_t slash = path.find_last_of('/');
  if (slash == std::string_view::npos) return {"", std::string(path)};
  return {slash == 0 ? "/" : std::string(path.substr(0, slash)),
          std::string(path.substr(slash + 1))};
}

// Traversal for pattern-matched paths: follows every symlink, prunes by partial matching.
class MatchWalk {
 public:
  MatchWalk(FileTreeCache& fs, std::vector<std::shared_ptr<const Regex>> regexes)
      : fs_(fs), regexes_(std::move(regexes)) {}

  // Calls `on_dir` for matching directories and `on_file` for matching other entries.
  void run(
      const std::string& start,
      const std::function<void(const std::string&, const FileStat&)>& on_dir,
      const std::function<void(const std::string&, const std::string&, const FileStat&)>& on_file) {
    const auto st = fs_.stat(start, true);
    if (!st || !st->is_dir()) return;
    if (matches(start)) on_dir(start, *st);
    walk(start, *st, on_dir, on_file);
  }

 private:
  bool matches(const std::string& path) const {
    for (const auto& regex : regexes_) {
      auto found = regex->search(path);
      if (found && found->has_value()) return true;
    }
    return false;
  }
  bool may_contain(const std::string& dir) const {
    const std::string subject = dir == "/" ? dir : dir + "/";
    for (const auto& regex : regexes_) {
      if (regex->could_match_prefix(subject)) return true;
    }
    return false;
  }

  void walk(
      const std::string& dir, const FileStat& dir_st,
      const std::function<void(const std::string&, const FileStat&)>& on_dir,
      const std::function<void(const std::string&, const std::string&, const FileStat&)>& on_file) {
    const auto key = std::pair(dir_st.dev, dir_st.ino);
    if (active_.contains(key)) return;  // "Filesystem tree cycle detected"
    active_.insert(key);
    auto entries = fs_.list(dir);
    if (entries) {
      for (const DirEntry& entry : *entries) {
        const std::string path = join_path(dir, entry.name);
        FileStat target = entry.st;
        if (entry.st.is_link()) {
          if (auto followed = fs_.stat(path, true)) target = *followed;
        }
        if (target.is_dir()) {
          if (matches(path)) on_dir(path, target);
          if (may_contain(path)) walk(path, target, on_dir, on_file);
        } else if (matches(path)) {
          on_file(dir, entry.name, entry.st);
        }
      }
    }
    active_.erase(key);
  }

  FileTreeCache& fs_;
  std::vector<std::shared_ptr<const Regex>> regexes_;
  std::set<std::pair<std::uint64_t, std::uint64_t>> active_;
};

Expected<std::vector<std::shared_ptr<const Regex>>> compile_all(const ObjectEntity& entity) {
  std::vector<std::shared_ptr<const Regex>> out;
  for (const std::string& value : entity.values) {
    auto regex = Regex::cached(anchored(value));
    if (!regex) return regex.error();
    out.push_back(*regex);
  }
  return out;
}

// Directories below `dir` per the recursion behaviors, `dir` included, with stat data.
void recurse_dirs(FileTreeCache& fs, const std::string& dir, const FileStat& st, const Behaviors& b,
                  const std::function<void(const std::string&, const FileStat&, bool)>& on_dir) {
  on_dir(dir, st, true);
  if (!b.down || b.max_depth == 0 || !b.recurse_dirs) return;
  std::set<std::pair<std::uint64_t, std::uint64_t>> seen{{st.dev, st.ino}};
  std::vector<std::pair<std::string, long>> queue{{dir, 0}};
  while (!queue.empty()) {
    auto [current, depth] = queue.back();
    queue.pop_back();
    if (b.max_depth >= 0 && depth >= b.max_depth) continue;
    auto entries = fs.list(current);
    if (!entries) continue;
    for (const DirEntry& entry : *entries) {
      FileStat target = entry.st;
      if (entry.st.is_link()) {
        if (!b.recurse_symlinks) continue;
        auto followed = fs.stat(join_path(current, entry.name), true);
        if (!followed) continue;
        target = *followed;
      }
      if (!target.is_dir()) continue;
      if (b.fs == FsMode::kDefined && target.dev != st.dev) continue;
      if (b.fs == FsMode::kLocal && !fs.is_local_device(target.dev)) continue;
      if (!seen.insert({target.dev, target.ino}).second) continue;
      const std::string path = join_path(current, entry.name);
      on_dir(path, target, true);
      queue.emplace_back(path, depth + 1);
    }
  }
}

// Unlimited physical recursion through the shared walk: every directory, and the files in
// them that `filename` accepts.
void recurse_with_tree(FileTreeCache& fs, const std::string& dir, const Behaviors& b,
                       const ObjectEntity* filename, const FoundVisitor& visit) {
  const bool directories = filename == nullptr || filename->nil;
  fs.walk(dir, b.fs, [&](const std::string& path, std::string_view name, const FileStat& st) {
    if (name.empty()) {
      if (directories) visit({path, "", st});
    } else if (!directories && entity_matches(*filename, name)) {
      visit({path, std::string(name), st});
    }
  });
}

}  // namespace

std::string fixed_path_prefix(std::string_view pattern) {
  std::string out;
  std::size_t i = pattern.starts_with('^') ? 1 : 0;
  for (; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\') {
      if (i + 1 < pattern.size() &&
          std::string_view("/.-_").find(pattern[i + 1]) != std::string_view::npos) {
        out += pattern[++i];
        continue;
      }
      break;
    }
    if (std::string_view("^*?$.([|+{").find(c) != std::string_view::npos) break;
    out += c;
  }
  const std::size_t slash = out.find_last_of('/');
  if (slash == std::string::npos || slash == 0) return "/";
  return out.substr(0, slash);
}

// The values an "equals" entity designates directly, after var_check (oscap's file walk applies
// it): "all" one value only if every value is the same, "at least one" and "only one" each
// distinct value; nullopt for "none satisfy", which designates everything else.
std::optional<std::vector<std::string>> designated(const ObjectEntity& entity) {
  std::vector<std::string> out;
  for (const std::string& value : entity.values) {
    if (std::find(out.begin(), out.end(), value) == out.end()) out.push_back(value);
  }
  switch (entity.var_check) {
    case CheckKind::kAll:
      if (out.size() > 1) out.clear();
      return out;
    case CheckKind::kNoneSatisfy:
      return std::nullopt;
    default:
      return out;
  }
}

// A pattern entity with several values whose var_check is not "at least one": the union walk
// finds candidates, this keeps those the values accept together.
bool accepted(const ObjectEntity& entity, std::string_view value) {
  return entity.values.size() <= 1 || entity.var_check == CheckKind::kAtLeastOne ||
         entity_matches(entity, value);
}

Status find_files(ProbeContext& context, const ObjectRequest& request, const FoundVisitor& visit) {
  FileTreeCache& fs = context.trees;
  const Behaviors behaviors = parse_behaviors(request.behaviors);
  const ObjectEntity* filepath = request.find("filepath");
  const ObjectEntity* path = request.find("path");
  const ObjectEntity* filename = request.find("filename");

  if (filepath != nullptr) {
    if (filepath->operation == Operation::kEquals) {
      const auto values = designated(*filepath);
      if (!values) {
        return make_error(ErrorCode::kInvalidInput,
                          "filepath var_check 'none satisfy' is not supported");
      }
      for (const std::string& value : *values) {
        auto st = fs.stat(value, false);
        if (!st || st->is_dir()) continue;
        auto [dir, name] = split_path(value);
        visit({dir, name, *st});
      }
      return ok();
    }
    if (filepath->operation != Operation::kPatternMatch) {
      return make_error(ErrorCode::kInvalidInput, "filepath operation is not supported");
    }
    auto regexes = compile_all(*filepath);
    if (!regexes) return regexes.error();
    std::set<std::string> starts;
    for (const std::string& value : filepath->values)
      starts.insert(fixed_path_prefix(anchored(value)));
    std::set<std::string> seen;
    for (const std::string& start : starts) {
      MatchWalk(fs, *regexes)
          .run(
              start, [](const std::string&, const FileStat&) {},
              [&](const std::string& dir, const std::string& name, const FileStat& st) {
                const std::string full = join_path(dir, name);
                if (accepted(*filepath, full) && seen.insert(full).second) {
                  visit({dir, name, st});
                }
              });
    }
    return ok();
  }
  if (path == nullptr) return make_error(ErrorCode::kInvalidInput, "no filepath or path entity");

  // The directories designated by `path`, before recursion.
  std::vector<std::pair<std::string, FileStat>> dirs;
  if (path->operation == Operation::kEquals) {
    const auto values = designated(*path);
    if (!values) {
      return make_error(ErrorCode::kInvalidInput, "path var_check 'none satisfy' is not supported");
    }
    for (const std::string& value : *values) {
      auto st = fs.stat(value, true);
      if (st && st->is_dir()) dirs.emplace_back(value, *st);
    }
  } else if (path->operation == Operation::kPatternMatch) {
    auto regexes = compile_all(*path);
    if (!regexes) return regexes.error();
    std::set<std::string> starts;
    for (const std::string& value : path->values) starts.insert(fixed_path_prefix(anchored(value)));
    std::set<std::string> seen;
    for (const std::string& start : starts) {
      MatchWalk(fs, *regexes)
          .run(
              start,
              [&](const std::string& dir, const FileStat& st) {
                if (accepted(*path, dir) && seen.insert(dir).second) dirs.emplace_back(dir, st);
              },
              [](const std::string&, const std::string&, const FileStat&) {});
    }
  } else {
    return make_error(ErrorCode::kInvalidInput, "path operation is not supported");
  }

  std::set<std::string> visited_dirs;
  for (const auto& [dir, st] : dirs) {
    if (behaviors.down && behaviors.max_depth < 0 && behaviors.recurse_dirs &&
        !behaviors.recurse_symlinks && behaviors.fs != FsMode::kAll) {
      if (visited_dirs.insert(dir).second) recurse_with_tree(fs, dir, behaviors, filename, visit);
      continue;
    }
    recurse_dirs(fs, dir, st, behaviors, [&](const std::string& d, const FileStat& d_st, bool) {
      if (!visited_dirs.insert(d).second) return;
      if (filename == nullptr || filename->nil) {
        visit({d, "", d_st});
        return;
      }
      const auto names = filename->operation == Operation::kEquals
                             ? designated(*filename)
                             : std::optional<std::vector<std::string>>();
      if (names) {
        for (const std::string& name : *names) {
          auto file_st = fs.stat(join_path(d, name), false);
          if (file_st && !file_st->is_dir()) visit({d, name, *file_st});
        }
        return;
      }
      auto entries = fs.list(d);
      if (!entries) return;
      for (const DirEntry& entry : *entries) {
        if (!entry.st.is_dir() && entity_matches(*filename, entry.name)) {
          visit({d, entry.name, entry.st});
        }
      }
    });
  }
  return ok();
}

}  // namespace patchplan::harden
