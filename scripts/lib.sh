# Shared by scripts/demo and scripts/test: POSIX sh, sourced from the repository root.
# shellcheck shell=sh

# What every build needs (Debian/Ubuntu package names), and what the sanitizer run adds:
# clang, its sanitizer runtimes, and llvm for llvm-symbolizer (file:line in the reports).
# shellcheck disable=SC2034 # used by the scripts that source this file
POVSTAT_BUILD_PACKAGES="cmake g++ ninja-build libeigen3-dev libboost-dev doctest-dev libbenchmark-dev"
# shellcheck disable=SC2034
POVSTAT_SANITIZER_PACKAGES="clang libclang-rt-dev llvm"
# What benchmarks/compare adds: the C++ peers (GSL, Ceres), the Python and R peers, gcc for
# the machine probe, and GNU time for peak memory.
# shellcheck disable=SC2034
POVSTAT_COMPARE_PACKAGES="libgsl-dev libceres-dev python3-numpy python3-scipy python3-statsmodels
  python3-pandas r-base-core r-cran-laeken r-cran-minpack.lm gcc time"

povstat_start=$(date +%s)

# section <title>: a header that stands out in a long log.
section() {
  printf '\n==============================================================================\n'
  printf '== %s\n' "$*"
  printf '==============================================================================\n'
}

say() { printf '%s\n' "$*"; }

die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# run <command...>: prints the command, then runs it.
run() {
  printf '+ %s\n' "$*"
  "$@"
}

# elapsed: seconds since this file was sourced, as "3m 07s".
elapsed() {
  povstat_seconds=$(($(date +%s) - povstat_start))
  printf '%dm %02ds' $((povstat_seconds / 60)) $((povstat_seconds % 60))
}

# is_installed <package>: true when dpkg knows the package as installed.
is_installed() {
  case $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true) in
    *" ok installed") return 0 ;;
    *) return 1 ;;
  esac
}

# missing_packages <package...>: prints those not installed, space-separated.
missing_packages() {
  povstat_missing=""
  for povstat_package in "$@"; do
    is_installed "$povstat_package" || povstat_missing="$povstat_missing $povstat_package"
  done
  printf '%s\n' "${povstat_missing# }"
}

# ensure_packages <package...>: installs what is missing with apt-get, as root or through
# non-interactive sudo; otherwise prints the command to run and exits 1. Without dpkg (not
# Debian/Ubuntu) it only warns: CMake will then say what it cannot find.
ensure_packages() {
  if ! command -v dpkg-query >/dev/null 2>&1; then
    say "warning: no dpkg-query, so this is not Debian/Ubuntu; make sure these (or your"
    say "system's equivalents) are installed: $*"
    return 0
  fi
  povstat_missing=$(missing_packages "$@")
  if [ -z "$povstat_missing" ]; then
    say "all present: $*"
    return 0
  fi
  say "missing: $povstat_missing"
  # Word splitting of $povstat_missing is intended below: one argument per package.
  # shellcheck disable=SC2086
  if [ "$(id -u)" -eq 0 ]; then
    run apt-get update
    run env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $povstat_missing
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    run sudo -n apt-get update
    run sudo -n env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y --no-install-recommends $povstat_missing
  else
    say "Install them as root, then run this script again:" >&2
    say "  apt-get update && apt-get install -y --no-install-recommends $povstat_missing" >&2
    exit 1
  fi
  povstat_missing=$(missing_packages "$@")
  [ -z "$povstat_missing" ] || die "still missing after apt-get install: $povstat_missing"
}

# require_cmake: CMake >= 3.25 (presets version 6 and workflow presets).
require_cmake() {
  command -v cmake >/dev/null 2>&1 || die "cmake not found"
  povstat_cmake_version=$(cmake --version | sed -n '1s/^cmake version \([0-9][0-9.]*\).*/\1/p')
  povstat_cmake_major=${povstat_cmake_version%%.*}
  povstat_cmake_minor=${povstat_cmake_version#*.}
  povstat_cmake_minor=${povstat_cmake_minor%%.*}
  if [ "${povstat_cmake_major:-0}" -lt 3 ] ||
    { [ "$povstat_cmake_major" -eq 3 ] && [ "${povstat_cmake_minor:-0}" -lt 25 ]; }; then
    die "povstat needs CMake >= 3.25, but this cmake is ${povstat_cmake_version:-unknown};" \
      "get a newer one with 'pip install cmake' or from https://apt.kitware.com"
  fi
}

# set_jobs: JOBS (default: the number of processors) for both the build and ctest.
set_jobs() {
  JOBS=${JOBS:-$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)}
  case $JOBS in
    '' | *[!0-9]* | 0) die "JOBS is '$JOBS', but must be a positive whole number" ;;
  esac
  CMAKE_BUILD_PARALLEL_LEVEL=$JOBS
  CTEST_PARALLEL_LEVEL=$JOBS
  export JOBS CMAKE_BUILD_PARALLEL_LEVEL CTEST_PARALLEL_LEVEL
}

# show_tools <program...>: the first line of each program's --version.
show_tools() {
  for povstat_tool in "$@"; do
    printf '%-8s %s\n' "$povstat_tool" "$("$povstat_tool" --version 2>/dev/null | sed -n 1p)"
  done
  say "jobs     $JOBS"
}
