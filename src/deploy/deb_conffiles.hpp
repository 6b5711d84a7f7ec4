// The conffiles of a .deb and the MD5 of each as the package ships it, read in-process
// with libarchive: the list from control.tar's "conffiles" member (deb-conffiles(5)), the
// contents from data.tar (dh_md5sums leaves conffiles out of md5sums, so they are hashed).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/expected.hpp"
#include "common/unique_fd.hpp"
#include "deploy/host_packages.hpp"
#include "deploy/precheck.hpp"
#include "deploy/transport.hpp"

namespace patchplan::deploy {

// Conffile path ("/etc/x") -> MD5 hex of the packaged file ("" when data.tar lacks it).
// `shown` names the .deb in errors: kInvalidInput for a file that is not a Debian package.
Expected<std::map<std::string, std::string>> read_deb_conffiles(UniqueFd deb,
                                                                const std::string& shown);

// What dpkg will do with one conffile of an upgrade (dpkg src/main/configure.c
// deferred_configure_conffile): "" when nothing to say (unchanged by the package, or not
// modified locally), else the line for the result and the journal, e.g.
// "/etc/demo.conf (demo-svc): modified locally and changed by the package: old kept
// (confold)". `on_disk_md5` is "" when the file is gone (dpkg keeps it removed).
std::string conffile_verdict(const std::string& package, const Conffile& installed,
                             const std::string& on_disk_md5, const std::string& new_md5,
                             bool keep_old_conffiles);

// The verdicts of every conffile of the upgraded packages of `report`, comparing the
// status file's MD5, the file on the target and the downloaded .deb in apt's archive cache
// (unattended-upgrades' conffile_prompt compares the same three). A .deb not in the cache
// gives a line saying so; errors are for a .deb that cannot be read.
Expected<std::vector<std::string>> conffile_changes(Transport& transport,
                                                    const PrecheckReport& report,
                                                    bool keep_old_conffiles);

// MD5 of `data` as lowercase hex.
std::string md5_hex(std::string_view data);

}  // namespace patchplan::deploy
