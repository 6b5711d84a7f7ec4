// The consistency check of the state after an exact install. With one architecture,
// Multi-Arch qualifiers reduce to ":any", which in Depends only a real package marked
// "Multi-Arch: allowed" meets (deb-control(5), dpkg's deparchsatisfied), and "all" counts as
// native; a virtual package is met by a Provides, a versioned relation only by a versioned
// Provides (Policy 7.5); a package never conflicts with or breaks itself.
#include "deploy/exact_install.hpp"

#include <set>
#include <unordered_map>

#include "versions/deb_version.hpp"

namespace patchplan::deploy {
namespace {

struct Provider {
  const std::string* package;  // the providing package's name
  std::string version;         // the provided version; empty when unversioned
};

// A package as it would be after the install: its version and parsed relations.
struct After {
  std::string version;
  std::string multi_arch;
  const RelationFields* fields;
  std::vector<RelationGroup> depends;  // Depends and Pre-Depends
  std::vector<RelationGroup> breaks;   // Breaks and Conflicts
};

class AfterState {
 public:
  explicit AfterState(std::string native) : native_(std::move(native)) {}

  // Adds or replaces a package; false with `why` when its relations do not parse.
  bool add(const std::string& name, const std::string& version, const std::string& multi_arch,
           const RelationFields& fields, std::string& why) {
    After after{version, multi_arch, &fields, {}, {}};
    for (const auto& [value, label, into] :
         {std::tuple{&fields.depends, "Depends", &after.depends},
          std::tuple{&fields.pre_depends, "Pre-Depends", &after.depends},
          std::tuple{&fields.breaks, "Breaks", &after.breaks},
          std::tuple{&fields.conflicts, "Conflicts", &after.breaks}}) {
      auto groups = parse_relations(*value, label);
      if (!groups) {
        why = fmt::format("'{}' {}: {}", name, version, groups.error().message);
        return false;
      }
      into->insert(into->end(), groups->begin(), groups->end());
    }
    packages_[name] = std::move(after);
    return true;
  }

  bool index_provides(std::string& why) {
    for (const auto& [name, after] : packages_) {
      auto provides = parse_relations(after.fields->provides, "Provides");
      if (!provides) {
        why = fmt::format("'{}' {}: {}", name, after.version, provides.error().message);
        return false;
      }
      for (const auto& group : *provides) {
        for (const auto& relation : group) {
          if (relation.op != RelationOp::kAny && relation.op != RelationOp::kEqual) {
            why = fmt::format("'{}' provides '{}' with an operator other than '='", name,
                              relation.name);
            return false;
          }
          providers_[relation.name].push_back({&name, relation.version});
        }
      }
    }
    return true;
  }

  // The first relation problem, "" when every package's relations are met.
  [[nodiscard]] std::string first_problem() const {
    for (const auto& [name, after] : packages_) {
      for (const auto& group : after.depends) {
        bool met = false;
        for (const auto& relation : group) {
          if (!qualifier_known(relation)) return unknown_qualifier(name, relation);
          if (matches(relation, nullptr)) met = true;
        }
        if (!met) return fmt::format("'{}' {} would have an unmet dependency", name, after.version);
      }
      for (const auto& group : after.breaks) {
        for (const auto& relation : group) {
          if (!qualifier_known(relation)) return unknown_qualifier(name, relation);
          if (matches(relation, &name)) {
            return fmt::format("'{}' {} breaks or conflicts with '{}'", name, after.version,
                               relation.name);
          }
        }
      }
    }
    return "";
  }

 private:
  [[nodiscard]] bool qualifier_known(const Relation& relation) const {
    return relation.arch_qualifier.empty() || relation.arch_qualifier == "any" ||
           relation.arch_qualifier == native_;
  }

  static std::string unknown_qualifier(const std::string& name, const Relation& relation) {
    return fmt::format("'{}' names '{}:{}'", name, relation.name, relation.arch_qualifier);
  }

  // Whether a package other than `self` (when given) meets `relation`.
  bool matches(const Relation& relation, const std::string* self) const {
    // A dependency on "name:any" asks for a package that may serve every architecture.
    const bool any_arch = self == nullptr && relation.arch_qualifier == "any";
    if (auto real = packages_.find(relation.name); real != packages_.end()) {
      if ((self == nullptr || real->first != *self) && relation.accepts(real->second.version) &&
          (!any_arch || real->second.multi_arch == "allowed")) {
        return true;
      }
    }
    if (any_arch) return false;
    auto virtuals = providers_.find(relation.name);
    if (virtuals == providers_.end()) return false;
    for (const auto& provider : virtuals->second) {
      if (self != nullptr && *provider.package == *self) continue;
      if (relation.op == RelationOp::kAny) return true;
      if (!provider.version.empty() && relation.accepts(provider.version)) return true;
    }
    return false;
  }

  std::string native_;
  std::unordered_map<std::string, After> packages_;
  std::unordered_map<std::string, std::vector<Provider>> providers_;
};

ExactInstall give_up(std::string why) { return {std::nullopt, std::move(why)}; }

}  // namespace

ExactInstall exact_install(const std::map<std::string, HostPackage>& installed,
                           const std::vector<IndexVersion>& new_versions,
                           const std::string& native) {
  AfterState after(native);
  std::string why;
  std::unordered_map<std::string, const HostPackage*> by_name;
  for (const auto& [key, package] : installed) {
    if (!package.has_current_version()) continue;
    if (!package.installed()) {
      return give_up(fmt::format("'{}' {} is not fully installed", key, package.version));
    }
    if (package.architecture != native && package.architecture != "all") {
      return give_up(fmt::format("the host has packages of a foreign architecture ('{}')", key));
    }
    by_name[package.name] = &package;
  }
  std::set<std::string> pinned;
  for (const auto& version : new_versions) {
    if (!pinned.insert(version.name).second) {
      return give_up(fmt::format("'{}' is pinned twice", version.name));
    }
  }
  // apt 2.6 also upgrades the installed binaries of a pin's source package
  // (APT::Get::Upgrade-By-Source-Package): with one not pinned, apt decides.
  std::unordered_map<std::string, const HostPackage*> unpinned_by_source;
  for (const auto& [key, package] : installed) {
    if (package.has_current_version() && !pinned.contains(package.name) &&
        !package.source.empty()) {
      unpinned_by_source.try_emplace(package.source, &package);
    }
  }
  for (const auto& version : new_versions) {
    if (auto sibling = unpinned_by_source.find(version.source);
        sibling != unpinned_by_source.end()) {
      return give_up(fmt::format("'{}' is built from '{}' as '{}' is, and is not planned",
                                 sibling->second->name, version.source, version.name));
    }
    // A pre-dependency inside the change makes the order apt's to find (it may need to
    // remove something for a while).
    auto pre = parse_relations(version.relations.pre_depends, "Pre-Depends");
    for (const auto& group : pre ? *pre : std::vector<RelationGroup>{}) {
      for (const auto& relation : group) {
        if (relation.name != version.name && pinned.contains(relation.name)) {
          return give_up(fmt::format("'{}' pre-depends on '{}', also in the change", version.name,
                                     relation.name));
        }
      }
    }
  }
  std::vector<SimulatedAction> actions;
  for (const auto& version : new_versions) {
    if (version.architecture != native && version.architecture != "all") {
      return give_up(
          fmt::format("'{}' {} is for {}", version.name, version.version, version.architecture));
    }
    SimulatedAction action{false, version.name, "", version.version};
    if (auto old = by_name.find(version.name); old != by_name.end()) {
      action.old_version = old->second->version;
      if (versions::compare_deb_version_strings(version.version, action.old_version) <= 0) {
        return give_up(fmt::format("'{}' {} is not newer than the installed {}", version.name,
                                   version.version, action.old_version));
      }
      by_name.erase(old);
    }
    if (!after.add(version.name, version.version, version.multi_arch, version.relations, why)) {
      return give_up(why);
    }
    actions.push_back(std::move(action));
  }
  for (const auto& [name, package] : by_name) {
    if (!after.add(name, package->version, package->multi_arch, package->relations, why)) {
      return give_up(why);
    }
  }
  if (!after.index_provides(why)) return give_up(why);
  if (std::string problem = after.first_problem(); !problem.empty()) return give_up(problem);
  return {std::move(actions), ""};
}

}  // namespace patchplan::deploy
