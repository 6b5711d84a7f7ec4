// The relation parser and the in-process check of an exact install, on made-up databases:
// each case is one rule of Debian Policy 7 that apt's resolver would act on.
#include "deploy/exact_install.hpp"

#include <gtest/gtest.h>

#include "deploy/package_relations.hpp"

namespace patchplan::deploy {
namespace {

TEST(PackageRelationsTest, ParsesAlternativesQualifiersAndOperators) {
  auto groups = parse_relations("libc6 (>= 2.36), foo:any | bar (<< 1:2.0-1) ,baz(=1)", "Depends");
  ASSERT_TRUE(groups.has_value()) << groups.error().message;
  ASSERT_EQ(groups->size(), 3u);
  EXPECT_EQ((*groups)[0][0].name, "libc6");
  EXPECT_EQ((*groups)[0][0].op, RelationOp::kGreaterEqual);
  EXPECT_EQ((*groups)[0][0].version, "2.36");
  ASSERT_EQ((*groups)[1].size(), 2u);
  EXPECT_EQ((*groups)[1][0].arch_qualifier, "any");
  EXPECT_EQ((*groups)[1][1].op, RelationOp::kLess);
  EXPECT_EQ((*groups)[1][1].version, "1:2.0-1");
  EXPECT_EQ((*groups)[2][0].op, RelationOp::kEqual);
  EXPECT_TRUE((*groups)[2][0].accepts("1"));
  EXPECT_FALSE((*groups)[2][0].accepts("1.0"));
}

TEST(PackageRelationsTest, ObsoleteOperatorsMeanOrEqual) {
  auto groups = parse_relations("a (< 2), b (> 2)", "Depends");
  ASSERT_TRUE(groups.has_value());
  EXPECT_TRUE((*groups)[0][0].accepts("2"));
  EXPECT_TRUE((*groups)[1][0].accepts("2"));
  EXPECT_FALSE((*groups)[1][0].accepts("1.9"));
}

TEST(PackageRelationsTest, MalformedEntriesAreErrorsNamingFieldAndEntry) {
  for (const char* bad : {"a (>= 1", "a (~ 1)", "a (>= )", "a [amd64]", "a <!nocheck>", ", a",
                          "a | ", "a:", "a (>= 1:)"}) {
    auto groups = parse_relations(bad, "Depends");
    ASSERT_FALSE(groups.has_value()) << bad;
    EXPECT_NE(groups.error().message.find("Depends entry"), std::string::npos)
        << groups.error().message;
  }
  auto empty = parse_relations("  ", "Depends");
  ASSERT_TRUE(empty.has_value());
  EXPECT_TRUE(empty->empty());
}

RelationFields depends(std::string value) {
  RelationFields fields;
  fields.depends = std::move(value);
  return fields;
}

RelationFields breaks(std::string value) {
  RelationFields fields;
  fields.breaks = std::move(value);
  return fields;
}

RelationFields provides(std::string value) {
  RelationFields fields;
  fields.provides = std::move(value);
  return fields;
}

RelationFields conflicts_and_provides(std::string conflicts, std::string provided) {
  RelationFields fields = provides(std::move(provided));
  fields.conflicts = std::move(conflicts);
  return fields;
}

// The fields an installed package and an index version share.
template <typename Package>
Package package_of(std::string name, std::string version, RelationFields relations,
                   std::string architecture) {
  Package out;
  out.name = std::move(name);
  out.architecture = std::move(architecture);
  out.version = std::move(version);
  out.relations = std::move(relations);
  out.source = out.name;
  return out;
}

HostPackage installed(std::string name, std::string version, RelationFields relations = {},
                      std::string architecture = "amd64") {
  auto package = package_of<HostPackage>(std::move(name), std::move(version), std::move(relations),
                                         std::move(architecture));
  package.status.selection = inventory::Selection::kInstall;
  package.status.state = inventory::PackageState::kInstalled;
  return package;
}

IndexVersion candidate(std::string name, std::string version, RelationFields relations = {},
                       std::string architecture = "amd64") {
  return package_of<IndexVersion>(std::move(name), std::move(version), std::move(relations),
                                  std::move(architecture));
}

std::map<std::string, HostPackage> database(std::vector<HostPackage> packages) {
  std::map<std::string, HostPackage> out;
  for (auto& package : packages) {
    std::string key = package.name + ":" + package.architecture;
    out[key] = std::move(package);
  }
  return out;
}

TEST(ExactInstallTest, ConsistentPinsAreTheWholeInstall) {
  auto host = database({installed("lib", "1.0"), installed("svc", "1.0", depends("lib (>= 1.0)")),
                        installed("other", "3", depends("lib"))});
  auto exact = exact_install(
      host, {candidate("svc", "1.1", depends("lib (>= 1.1)")), candidate("lib", "1.1")}, "amd64");
  ASSERT_TRUE(exact.actions.has_value()) << exact.why_not;
  ASSERT_EQ(exact.actions->size(), 2u);
  EXPECT_EQ((*exact.actions)[0].name, "svc");
  EXPECT_EQ((*exact.actions)[0].old_version, "1.0");
  EXPECT_EQ((*exact.actions)[0].new_version, "1.1");
  EXPECT_EQ((*exact.actions)[1].name, "lib");
}

TEST(ExactInstallTest, APinNeedingAnUpgradeNotPlannedIsLeftToApt) {
  auto host = database({installed("lib", "1.0"), installed("svc", "1.0", depends("lib (>= 1.0)"))});
  auto exact = exact_install(host, {candidate("svc", "1.1", depends("lib (>= 1.1)"))}, "amd64");
  EXPECT_FALSE(exact.actions.has_value());
  EXPECT_NE(exact.why_not.find("unmet dependency"), std::string::npos) << exact.why_not;
}

TEST(ExactInstallTest, APinNeedingANewPackageIsLeftToApt) {
  auto host = database({installed("lib", "1.0")});
  auto exact = exact_install(host, {candidate("svc", "1.3", depends("lib, extra"))}, "amd64");
  EXPECT_FALSE(exact.actions.has_value());
}

TEST(ExactInstallTest, AnInstalledPackagesDependencyOnTheOldVersionIsLeftToApt) {
  // Reverse dependency: upgrading lib would leave old-tool unmet, so apt would upgrade or
  // remove it.
  auto host =
      database({installed("lib", "1.0"), installed("old-tool", "1", depends("lib (<< 1.1)"))});
  auto exact = exact_install(host, {candidate("lib", "1.1")}, "amd64");
  EXPECT_FALSE(exact.actions.has_value());
  EXPECT_NE(exact.why_not.find("old-tool"), std::string::npos) << exact.why_not;
}

TEST(ExactInstallTest, BreaksEitherWayIsLeftToApt) {
  auto breaks_installed =
      exact_install(database({installed("lib", "1.0"), installed("plugin", "1")}),
                    {candidate("lib", "1.1", breaks("plugin (<< 2)"))}, "amd64");
  EXPECT_FALSE(breaks_installed.actions.has_value());
  auto broken_by_installed = exact_install(
      database({installed("lib", "1.0"), installed("plugin", "1", breaks("lib (>= 1.1)"))}),
      {candidate("lib", "1.1")}, "amd64");
  EXPECT_FALSE(broken_by_installed.actions.has_value());
  auto breaks_old_only =
      exact_install(database({installed("lib", "1.0"), installed("plugin", "2")}),
                    {candidate("lib", "1.1", breaks("plugin (<< 2)"))}, "amd64");
  EXPECT_TRUE(breaks_old_only.actions.has_value()) << breaks_old_only.why_not;
}

TEST(ExactInstallTest, ConflictsWithAVirtualSkipsThePackageItself) {
  // Policy 7.6.2: "Provides: mta, Conflicts: mta" lets one provider replace another.
  RelationFields mta = conflicts_and_provides("mta", "mta");
  auto alone = exact_install(database({installed("exim", "4.1", mta)}),
                             {candidate("exim", "4.2", mta)}, "amd64");
  EXPECT_TRUE(alone.actions.has_value()) << alone.why_not;
  auto two = exact_install(database({installed("exim", "4.1", mta)}),
                           {candidate("postfix", "3.7", mta)}, "amd64");
  EXPECT_FALSE(two.actions.has_value());
}

TEST(ExactInstallTest, VersionedDependenciesNeedVersionedProvides) {
  auto host = database({installed("app", "1", depends("virt (>= 2)"))});
  EXPECT_FALSE(
      exact_install(host, {candidate("impl", "1", provides("virt"))}, "amd64").actions.has_value());
  EXPECT_TRUE(exact_install(host, {candidate("impl", "1", provides("virt (= 2)"))}, "amd64")
                  .actions.has_value());
  auto unversioned = database({installed("app", "1", depends("virt | other"))});
  EXPECT_TRUE(exact_install(unversioned, {candidate("impl", "1", provides("virt (= 0)"))}, "amd64")
                  .actions.has_value());
}

TEST(ExactInstallTest, AnyQualifierAndArchitectureAllAreNative) {
  auto host = database({installed("perl", "5.36", {}, "amd64"), installed("doc", "1", {}, "all")});
  host.at("perl:amd64").multi_arch = "allowed";
  auto exact =
      exact_install(host, {candidate("tool", "2", depends("perl:any, doc"), "all")}, "amd64");
  ASSERT_TRUE(exact.actions.has_value()) << exact.why_not;
  EXPECT_EQ((*exact.actions)[0].old_version, "");
}

TEST(ExactInstallTest, AnyQualifierNeedsMultiArchAllowed) {
  // dpkg and apt leave "make:any" unmet by a make without "Multi-Arch: allowed".
  auto host = database({installed("make", "4.3")});
  EXPECT_FALSE(exact_install(host, {candidate("tool", "2", depends("make:any"))}, "amd64")
                   .actions.has_value());
  EXPECT_TRUE(exact_install(host, {candidate("tool", "2", breaks("make:any (<< 4)"))}, "amd64")
                  .actions.has_value());
}

TEST(ExactInstallTest, AnInstalledSiblingFromTheSameSourceIsLeftToApt) {
  // apt 2.6 upgrades the installed binaries of the source package along with the pin.
  auto host = database({installed("libfoo1", "1"), installed("libfoo-dev", "1")});
  host.at("libfoo1:amd64").source = "foo";
  host.at("libfoo-dev:amd64").source = "foo";
  auto lib = candidate("libfoo1", "2");
  lib.source = "foo";
  auto dev = candidate("libfoo-dev", "2");
  dev.source = "foo";
  auto alone = exact_install(host, {lib}, "amd64");
  EXPECT_FALSE(alone.actions.has_value());
  EXPECT_NE(alone.why_not.find("built from 'foo'"), std::string::npos) << alone.why_not;
  EXPECT_TRUE(exact_install(host, {lib, dev}, "amd64").actions.has_value());
}

TEST(ExactInstallTest, APackagePinnedTwiceOrAPreDependencyInsideTheChangeIsLeftToApt) {
  auto host = database({installed("foo", "1.5"), installed("bar", "1")});
  auto twice = exact_install(host, {candidate("foo", "2"), candidate("foo", "3")}, "amd64");
  EXPECT_NE(twice.why_not.find("pinned twice"), std::string::npos) << twice.why_not;
  RelationFields pre;
  pre.pre_depends = "bar (>= 2)";
  auto ordered = exact_install(host, {candidate("foo", "2", pre), candidate("bar", "2")}, "amd64");
  EXPECT_NE(ordered.why_not.find("pre-depends on 'bar'"), std::string::npos) << ordered.why_not;
}

TEST(ExactInstallTest, WhatTheCheckDoesNotModelIsLeftToApt) {
  auto foreign = database({installed("lib", "1.0"), installed("lib", "1.0", {}, "i386")});
  EXPECT_NE(exact_install(foreign, {candidate("lib", "1.1")}, "amd64").why_not.find("foreign"),
            std::string::npos);
  auto host = database({installed("lib", "1.0")});
  EXPECT_NE(exact_install(host, {candidate("lib", "0.9")}, "amd64").why_not.find("not newer"),
            std::string::npos);
  EXPECT_FALSE(exact_install(host, {candidate("lib", "1.1", depends("x:i386"))}, "amd64").actions);
  EXPECT_FALSE(exact_install(host, {candidate("lib", "1.1", depends("x ("))}, "amd64").actions);
  auto half = database({installed("lib", "1.0")});
  half.begin()->second.status.state = inventory::PackageState::kHalfConfigured;
  EXPECT_NE(exact_install(half, {candidate("lib", "1.1")}, "amd64").why_not.find("not fully"),
            std::string::npos);
}

TEST(ExactInstallTest, AnAlreadyBrokenHostIsLeftToApt) {
  // apt would refuse or fix the unrelated broken dependency; the install is not exact.
  auto host = database({installed("lib", "1.0"), installed("orphan", "1", depends("gone"))});
  EXPECT_FALSE(exact_install(host, {candidate("lib", "1.1")}, "amd64").actions.has_value());
}

}  // namespace
}  // namespace patchplan::deploy
