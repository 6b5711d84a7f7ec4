# One INTERFACE target carries the language level, warnings and sanitizer flags
# for every target of the project.
add_library(patchplan_settings INTERFACE)
target_compile_features(patchplan_settings INTERFACE cxx_std_20)
set(CMAKE_CXX_EXTENSIONS OFF)
target_compile_options(patchplan_settings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
  -Woverloaded-virtual -Wimplicit-fallthrough -Wsuggest-override)
if(PATCHPLAN_WERROR)
  target_compile_options(patchplan_settings INTERFACE -Werror)
endif()
if(PATCHPLAN_SANITIZE)
  target_compile_options(patchplan_settings INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(patchplan_settings INTERFACE -fsanitize=address,undefined)
endif()

# Adds a GoogleTest executable for one module:
#   patchplan_add_test(NAME SOURCES ... LIBS ... [LABEL unit|integration])
# Tests are labelled "unit" unless told otherwise; CI runs the unit label under sanitizers.
function(patchplan_add_test name)
  cmake_parse_arguments(ARG "" "LABEL" "SOURCES;LIBS" ${ARGN})
  if(NOT ARG_LABEL)
    set(ARG_LABEL unit)
  endif()
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE patchplan_settings ${ARG_LIBS} GTest::gtest GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE
    PATCHPLAN_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    PATCHPLAN_SHARED_DIR="${PROJECT_SOURCE_DIR}/../shared")
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 600 LABELS ${ARG_LABEL})
  set_property(GLOBAL APPEND PROPERTY PATCHPLAN_TESTS_${ARG_LABEL} ${name})
endfunction()
