// Probes on temporary roots: dpkginfo's notion of installed (apt's current version), the
// account databases, and the probes that need the running system under --root.
#include "harden/tests/oval_fixture.hpp"

namespace patchplan::harden {
namespace {

using harden::testing::oval_document;
using harden::testing::OvalRun;

constexpr const char* kStatus = R"(Package: telnet
Status: install ok installed
Architecture: amd64
Version: 0.17+2.4-2

Package: oldconf
Status: deinstall ok config-files
Architecture: amd64
Version: 1.0-1

Package: halfway
Status: install reinstreq half-installed
Architecture: all
Version: 2:3.1-4

)";

Collected collect_in(const std::string& root, const std::string& objects) {
  patchplan::testing::TempDir documents;
  const auto file = documents.write("o.xml", oval_document("<objects>" + objects + "</objects>"));
  OvalRun run(file.string(), root);
  return run.engine().object("o:1");
}

TEST(ProbesTest, DpkginfoCountsWhatAptCallsInstalled) {
  patchplan::testing::TempDir root;
  root.write("var/lib/dpkg/status", kStatus);
  auto object = [&](const std::string& name) {
    return collect_in(root.path().string(),
                      "<linux:dpkginfo_object id=\"o:1\" version=\"1\"><linux:name>" + name +
                          "</linux:name></linux:dpkginfo_object>");
  };
  const Collected telnet = object("telnet");
  ASSERT_EQ(telnet.items.size(), 1u);
  EXPECT_EQ(telnet.items[0].find("evr")->value, "0:0.17+2.4-2");
  EXPECT_EQ(object("oldconf").flag, Flag::kDoesNotExist);  // config-files only
  const Collected halfway = object("halfway");
  ASSERT_EQ(halfway.items.size(), 1u);  // half-installed has a current version for apt
  EXPECT_EQ(halfway.items[0].find("epoch")->value, "2");
  EXPECT_EQ(halfway.items[0].find("release")->value, "4");
  EXPECT_EQ(object("absent").flag, Flag::kDoesNotExist);
}

TEST(ProbesTest, ShadowFieldsAsGetspentGivesThem) {
  patchplan::testing::TempDir root;
  root.write("etc/shadow", "root:$y$j9T$abc:19000:0:99999:7:::\nbin:*:19000:0:99999:7:::\n");
  const Collected root_entry =
      collect_in(root.path().string(),
                 "<unix:shadow_object id=\"o:1\" version=\"1\"><unix:username>root</unix:username>"
                 "</unix:shadow_object>");
  ASSERT_EQ(root_entry.items.size(), 1u);
  EXPECT_EQ(root_entry.items[0].find("chg_req")->value, "99999");
  EXPECT_EQ(root_entry.items[0].find("exp_inact")->value, "-1");
  EXPECT_EQ(root_entry.items[0].find("flag")->value, "18446744073709551615");
  EXPECT_EQ(root_entry.items[0].find("encrypt_method")->value, "YESCRYPT");
}

TEST(ProbesTest, SelinuxBooleansAreReadFromSelinuxfs) {
  patchplan::testing::TempDir root;
  root.write("sys/fs/selinux/booleans/httpd_can_network_connect", "1 0");
  root.write("sys/fs/selinux/booleans/ssh_sysadm_login", "0 0");
  auto object = [&](const std::string& root_dir, const std::string& name) {
    return collect_in(root_dir,
                      "<linux:selinuxboolean_object id=\"o:1\" version=\"1\"><linux:name "
                      "operation=\"pattern match\">" +
                          name + "</linux:name></linux:selinuxboolean_object>");
  };
  const Collected httpd = object(root.path().string(), "^httpd_");
  ASSERT_EQ(httpd.items.size(), 1u);
  EXPECT_EQ(httpd.items[0].find("name")->value, "httpd_can_network_connect");
  EXPECT_EQ(httpd.items[0].find("current_status")->value, "true");
  EXPECT_EQ(httpd.items[0].find("pending_status")->value, "false");
  EXPECT_EQ(object(root.path().string(), ".*").items.size(), 2u);
  EXPECT_EQ(object(root.path().string(), "^nfs_").flag, Flag::kDoesNotExist);

  patchplan::testing::TempDir without;
  const Collected absent = object(without.path().string(), ".*");
  EXPECT_EQ(absent.flag, Flag::kError);
  EXPECT_NE(absent.message.find("selinux is not enabled"), std::string::npos) << absent.message;

  patchplan::testing::TempDir broken;
  broken.write("sys/fs/selinux/booleans/bad", "yes");
  const Collected malformed = object(broken.path().string(), ".*");
  EXPECT_EQ(malformed.flag, Flag::kError);
  EXPECT_NE(malformed.message.find("booleans/bad"), std::string::npos) << malformed.message;
}

TEST(ProbesTest, RunningSystemProbesSayTheyNeedItUnderRoot) {
  patchplan::testing::TempDir root;
  for (const std::string object :
       {"<unix:sysctl_object id=\"o:1\" version=\"1\"><unix:name>kernel.dmesg_restrict"
        "</unix:name></unix:sysctl_object>",
        "<linux:partition_object id=\"o:1\" version=\"1\"><linux:mount_point>/"
        "</linux:mount_point></linux:partition_object>",
        "<unix:uname_object id=\"o:1\" version=\"1\"/>",
        "<ind:environmentvariable58_object id=\"o:1\" version=\"1\"><ind:pid xsi:nil=\"true\" "
        "datatype=\"int\"/><ind:name>PATH</ind:name></ind:environmentvariable58_object>"}) {
    const Collected collected = collect_in(root.path().string(), object);
    EXPECT_EQ(collected.flag, Flag::kError) << object;
    EXPECT_NE(collected.message.find("needs the running system"), std::string::npos);
  }
  const Collected systemd = collect_in(
      root.path().string(),
      "<linux:systemdunitproperty_object id=\"o:1\" version=\"1\"><linux:unit>cron.service"
      "</linux:unit><linux:property>ActiveState</linux:property>"
      "</linux:systemdunitproperty_object>");
  EXPECT_EQ(systemd.flag, Flag::kError);
  EXPECT_EQ(systemd.message, "DBus connection failed, could not identify systemd units.");
  const Collected unknown_type =
      collect_in(root.path().string(), "<unix:process58_object id=\"o:1\" version=\"1\"/>");
  EXPECT_EQ(unknown_type.flag, Flag::kNotCollected);
}

}  // namespace
}  // namespace patchplan::harden
