# Drives one package test (see CMakeLists.txt next to this file). Run as
#   cmake -DMODE=find_package|add_subdirectory -DPOVSTAT_SOURCE_DIR=<dir> -DPOVSTAT_VERSION=<x.y.z>
#         -DCONSUMER_SOURCE_DIR=<dir> -DWORK_DIR=<scratch dir, wiped>
#         [-DGENERATOR=<g>] [-DMAKE_PROGRAM=<p>] [-DCXX_COMPILER=<c>] [-DCXX_FLAGS=<f>]
#         [-DCONFIG=<build type>] [-DEIGEN3_DIR=<d>] [-DBOOST_DIR=<d>] -P run_consumer.cmake
cmake_minimum_required(VERSION 3.25)

foreach(_var IN ITEMS MODE POVSTAT_SOURCE_DIR POVSTAT_VERSION CONSUMER_SOURCE_DIR WORK_DIR)
  if("${${_var}}" STREQUAL "")
    message(FATAL_ERROR "run_consumer.cmake: -D${_var}=... is required")
  endif()
endforeach()
if(NOT MODE MATCHES "^(find_package|add_subdirectory)$")
  message(FATAL_ERROR "run_consumer.cmake: MODE is '${MODE}', but must be find_package or "
                      "add_subdirectory")
endif()

function(fail)
  string(JOIN "" _text ${ARGN})
  message(FATAL_ERROR "package.${MODE}: ${_text}")
endfunction()

# run(<what> <command...>): runs a command, echoing it; fails the test if it fails.
function(run what)
  message(STATUS "package.${MODE}: ${what}")
  execute_process(COMMAND ${ARGN} COMMAND_ECHO STDOUT RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0)
    fail("${what} failed (${_rc})")
  endif()
endfunction()

# The toolchain of the calling build, for every configure below.
set(_toolchain)
if(GENERATOR)
  list(APPEND _toolchain -G "${GENERATOR}")
endif()
if(MAKE_PROGRAM)
  list(APPEND _toolchain "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}")
endif()
if(CXX_COMPILER)
  list(APPEND _toolchain "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}")
endif()
list(APPEND _toolchain "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}")
set(_build_config)
set(_ctest_config)
if(CONFIG)
  list(APPEND _toolchain "-DCMAKE_BUILD_TYPE=${CONFIG}")
  set(_build_config --config "${CONFIG}")
  set(_ctest_config -C "${CONFIG}")
endif()
if(EIGEN3_DIR)
  list(APPEND _toolchain "-DEigen3_DIR=${EIGEN3_DIR}")
endif()
if(BOOST_DIR)
  list(APPEND _toolchain "-DBoost_DIR=${BOOST_DIR}")
endif()

string(REGEX MATCH "^([0-9]+)\\.([0-9]+)" _major_minor "${POVSTAT_VERSION}")
set(_major ${CMAKE_MATCH_1})
set(_minor ${CMAKE_MATCH_2})

# WORK_DIR is wiped: accept only an absolute path ending in /<MODE>, as CMakeLists.txt passes.
if(NOT IS_ABSOLUTE "${WORK_DIR}" OR NOT WORK_DIR MATCHES "/${MODE}$")
  fail("WORK_DIR is '${WORK_DIR}', but must be an absolute path ending in /${MODE}")
endif()
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(_consumer_build "${WORK_DIR}/consumer-build")

if(MODE STREQUAL "find_package")
  set(_povstat_build "${WORK_DIR}/povstat-build")
  set(_prefix "${WORK_DIR}/prefix")
  run("configure povstat for installation"
      "${CMAKE_COMMAND}" -S "${POVSTAT_SOURCE_DIR}" -B "${_povstat_build}" ${_toolchain}
      "-DCMAKE_INSTALL_PREFIX=${_prefix}" -DPOVSTAT_BUILD_TESTS=OFF -DPOVSTAT_BUILD_EXAMPLES=OFF
      -DPOVSTAT_BUILD_BENCHMARKS=OFF -DPOVSTAT_INSTALL=ON)
  run("build povstat" "${CMAKE_COMMAND}" --build "${_povstat_build}" ${_build_config})
  run("install povstat into ${_prefix}" "${CMAKE_COMMAND}" --install "${_povstat_build}" ${_build_config})

  # The headers.
  if(NOT EXISTS "${_prefix}/include/povstat/povstat.hpp")
    fail("the install has no include/povstat/povstat.hpp")
  endif()

  # The pkg-config file: present, with this version and Eigen as a requirement.
  file(GLOB_RECURSE _pc_files "${_prefix}/*/povstat.pc")
  list(LENGTH _pc_files _pc_count)
  if(NOT _pc_count EQUAL 1)
    fail("expected one installed povstat.pc, found ${_pc_count}: ${_pc_files}")
  endif()
  file(READ "${_pc_files}" _pc)
  string(FIND "${_pc}" "\nVersion: ${POVSTAT_VERSION}\n" _has_version)
  if(_has_version EQUAL -1 OR NOT _pc MATCHES "\nRequires:[^\n]*eigen3")
    fail("${_pc_files} lacks 'Version: ${POVSTAT_VERSION}' or 'Requires: eigen3':\n${_pc}")
  endif()
  # With pkg-config (and Eigen's eigen3.pc) at hand, the flags must point into the prefix.
  find_program(_pkg_config pkg-config)
  if(_pkg_config)
    execute_process(COMMAND "${_pkg_config}" --exists eigen3 RESULT_VARIABLE _eigen_pc_rc)
  endif()
  if(_pkg_config AND _eigen_pc_rc EQUAL 0)
    get_filename_component(_pc_dir "${_pc_files}" DIRECTORY)
    execute_process(
      COMMAND "${CMAKE_COMMAND}" -E env "PKG_CONFIG_PATH=${_pc_dir}" "${_pkg_config}" --cflags povstat
      OUTPUT_VARIABLE _cflags OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE _rc)
    message(STATUS "package.find_package: pkg-config --cflags povstat: ${_cflags}")
    # The .pc is relocatable (prefix=${pcfiledir}/../..): compare resolved paths.
    get_filename_component(_want "${_prefix}/include" REALPATH)
    set(_has_include -1)
    separate_arguments(_flags UNIX_COMMAND "${_cflags}")
    foreach(_flag IN LISTS _flags)
      if(_flag MATCHES "^-I(.+)$")
        get_filename_component(_dir "${CMAKE_MATCH_1}" REALPATH)
        if(_dir STREQUAL _want)
          set(_has_include 0)
        endif()
      endif()
    endforeach()
    if(NOT _rc EQUAL 0 OR _has_include EQUAL -1)
      fail("pkg-config --cflags povstat gave '${_cflags}' (exit ${_rc}), "
           "which lacks -I${_prefix}/include")
    endif()
  else()
    message(STATUS "package.find_package: pkg-config or eigen3.pc not found, "
                   "pkg-config --cflags not checked")
  endif()

  # The version file: this major.minor is compatible, the next minor is not, and it is
  # ARCH_INDEPENDENT (no pointer-size check: a header-only package installed by a 64-bit
  # build must suit a 32-bit consumer too).
  file(GLOB_RECURSE _version_files "${_prefix}/*/povstatConfigVersion.cmake")
  list(LENGTH _version_files _version_count)
  if(NOT _version_count EQUAL 1)
    fail("expected one installed povstatConfigVersion.cmake, found ${_version_count}")
  endif()
  function(check_version request expect_compatible)
    string(REPLACE "." ";" _parts "${request}")
    list(GET _parts 0 PACKAGE_FIND_VERSION_MAJOR)
    list(GET _parts 1 PACKAGE_FIND_VERSION_MINOR)
    set(PACKAGE_FIND_VERSION "${request}")
    set(CMAKE_SIZEOF_VOID_P 2)  # no real platform: any pointer-size check would reject it
    unset(PACKAGE_VERSION_COMPATIBLE)
    unset(PACKAGE_VERSION_UNSUITABLE)
    include("${_version_files}")
    if(PACKAGE_VERSION_UNSUITABLE)
      fail("povstatConfigVersion.cmake checks the pointer size, so it is not ARCH_INDEPENDENT")
    endif()
    if(NOT PACKAGE_VERSION_COMPATIBLE STREQUAL expect_compatible)
      fail("povstatConfigVersion.cmake (${PACKAGE_VERSION}) answers ${request} with "
           "PACKAGE_VERSION_COMPATIBLE=${PACKAGE_VERSION_COMPATIBLE}, expected ${expect_compatible}")
    endif()
  endfunction()
  check_version("${_major}.${_minor}" TRUE)
  math(EXPR _next_minor "${_minor} + 1")
  check_version("${_major}.${_next_minor}" FALSE)

  run("configure the consumer with find_package(povstat ${_major_minor} CONFIG REQUIRED)"
      "${CMAKE_COMMAND}" -S "${CONSUMER_SOURCE_DIR}" -B "${_consumer_build}" ${_toolchain}
      -DPOVSTAT_CONSUMER_MODE=find_package "-DPOVSTAT_REQUIRED_VERSION=${_major_minor}"
      "-DCMAKE_PREFIX_PATH=${_prefix}" "-DPOVSTAT_EXPECTED_PREFIX=${_prefix}")
else()
  run("configure the consumer with add_subdirectory(${POVSTAT_SOURCE_DIR})"
      "${CMAKE_COMMAND}" -S "${CONSUMER_SOURCE_DIR}" -B "${_consumer_build}" ${_toolchain}
      -DPOVSTAT_CONSUMER_MODE=add_subdirectory "-DPOVSTAT_SOURCE_DIR=${POVSTAT_SOURCE_DIR}")
  foreach(_dir IN ITEMS tests examples benchmarks)
    if(EXISTS "${_consumer_build}/povstat/${_dir}")
      fail("povstat's ${_dir}/ was configured although povstat is not the top-level project")
    endif()
  endforeach()
endif()

run("build the consumer" "${CMAKE_COMMAND}" --build "${_consumer_build}" ${_build_config})
run("run the consumer"
    "${CMAKE_CTEST_COMMAND}" --test-dir "${_consumer_build}" ${_ctest_config} --verbose
    --no-tests=error)
message(STATUS "package.${MODE}: passed")
