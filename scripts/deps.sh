# Sourced by run.sh and test.sh: installs what is missing from Debian 12's packages (apt-get; sudo when not root).
COSTDASH_PACKAGES=(
  cmake ninja-build g++ pkg-config
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-svg-dev libqt6opengl6-dev qt6-qpa-plugins libqt6sql6-sqlite qcoro-qt6-dev qtkeychain-qt6-dev
  libsimdjson-dev libre2-dev libxxhash-dev libsqlite3-dev libssl-dev zlib1g-dev sqlite3 libgl-dev help2man librsvg2-bin
  fonts-dejavu-core poppler-utils xvfb xauth imagemagick python3 time bc openssl
  clang libclang-rt-14-dev
)

costdash_ensure_packages() {
  local missing=()
  local p
  for p in "${COSTDASH_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "costdash: installing ${missing[*]}" >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

costdash_build() { # $1 = preset, then optional ninja targets
  local preset=$1
  shift
  cmake --preset "$preset" >/dev/null
  if [ $# -gt 0 ]; then cmake --build --preset "$preset" --target "$@"; else cmake --build --preset "$preset"; fi
}
