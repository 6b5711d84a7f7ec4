# Every dependency comes from a Debian package (scripts/packages.txt).
find_package(PkgConfig REQUIRED)
find_package(fmt REQUIRED)
find_package(CLI11 REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(OpenSSL REQUIRED COMPONENTS Crypto)
pkg_check_modules(COMPRESSION REQUIRED IMPORTED_TARGET liblzma zlib liblz4 libzstd)
find_package(spdlog REQUIRED)
# The feeds module: OSV zip exports (libarchive) and feed downloads (libcurl).
pkg_check_modules(LIBARCHIVE REQUIRED IMPORTED_TARGET libarchive)
find_package(CURL REQUIRED)
# The plan module: policy and hosts files (yaml-cpp), recurrence rules and calendars (libical).
find_package(yaml-cpp REQUIRED)
# Stored assessment snapshots read back for the planner, without a document tree.
find_package(simdjson REQUIRED)
pkg_check_modules(LIBICAL REQUIRED IMPORTED_TARGET libical)
# The harden module: SCAP content (pugixml), OVAL patterns (PCRE2), systemd probes (sd-bus).
find_package(pugixml REQUIRED)
pkg_check_modules(PCRE2 REQUIRED IMPORTED_TARGET libpcre2-8)
pkg_check_modules(LIBSYSTEMD REQUIRED IMPORTED_TARGET libsystemd)
if(PATCHPLAN_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
# libdpkg is the reference oracle of the version tests and of version_compare_bench.
if(PATCHPLAN_BUILD_TESTS OR PATCHPLAN_BUILD_BENCH)
  pkg_check_modules(LIBDPKG REQUIRED IMPORTED_TARGET libdpkg)
endif()
if(PATCHPLAN_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()
