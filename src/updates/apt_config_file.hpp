// Reading apt.conf files: the full syntax of apt.conf(5) (nested blocks, lists, quoted
// values, #include, #clear, // and /* */ and # comments) and apt's order of files.
#pragma once

#include <functional>
#include <string_view>

#include "common/expected.hpp"
#include "common/root_fs.hpp"
#include "updates/apt_config.hpp"

namespace patchplan::updates {

// Called for "#include PATH;": `path` as written, `depth` the include depth of the file
// to read (apt refuses more than 10 levels).
using AptConfigInclude = std::function<Status(std::string_view path, unsigned depth)>;

// Parses `text` in apt's configuration syntax into `config`, as ReadConfigFile does
// (apt-pkg/contrib/configuration.cc, apt 2.6). `file` names the text in messages.
// Errors (kInvalidInput) read "FILE:LINE: syntax error: ...", with apt's reasons.
Status parse_apt_config(std::string_view text, std::string_view file, AptConfig& config,
                        const AptConfigInclude& include, unsigned depth = 0);

// Reads the configuration of the host in `root` as apt's pkgInitConfig does: the defaults,
// then every file of Dir::Etc::parts (etc/apt/apt.conf.d/, apt's file name rules, sorted),
// then Dir::Etc::main (etc/apt/apt.conf). Included paths are resolved inside `root`.
// `notices` receives apt's notes about ignored part files. A missing parts directory or
// main file is not an error.
Expected<AptConfig> read_apt_config(const RootFs& root, std::vector<std::string>& notices);

}  // namespace patchplan::updates
