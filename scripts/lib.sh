# Shared by scripts/demo, scripts/test and bench/run: install what is
# missing (Debian packages) and build. Source it from the repository root.

# What tideline needs to build, test and draw; clang and its runtimes
# (libFuzzer, the sanitizers: libclang-rt-14-dev, which --no-install-
# recommends would leave out) for the fuzz targets' suite 'fuzz-run'.
TIDELINE_PACKAGES="meson ninja-build pkg-config gcc libc6-dev \
libcurl4-openssl-dev libssl-dev libjansson-dev libsqlite3-dev libexpat1-dev \
libunistring-dev tzdata \
gnuplot-nox python3 clang libclang-rt-14-dev"

say() {
	printf '==> %s\n' "$*"
}

# Install the Debian packages among "$@" that are not installed yet.
install_packages() {
	missing=""
	for p in "$@"; do
		if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		    grep -q "ok installed"; then
			missing="$missing $p"
		fi
	done
	[ -z "$missing" ] && return 0
	if ! command -v apt-get >/dev/null 2>&1; then
		echo "missing packages:$missing (and no apt-get to install them)" >&2
		exit 1
	fi
	sudo=""
	if [ "$(id -u)" != 0 ]; then
		if ! command -v sudo >/dev/null 2>&1; then
			echo "missing packages:$missing; run as root or install sudo" >&2
			exit 1
		fi
		sudo="sudo"
	fi
	say "installing:$missing"
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	# shellcheck disable=SC2086
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends $missing >/dev/null
}

# Configure (once) and build the build folder $1 with meson options $2...
build_in() {
	dir=$1
	shift
	if [ ! -f "$dir/build.ninja" ]; then
		say "configuring $dir"
		meson setup "$dir" "$@" >/dev/null
	fi
	say "building $dir"
	ninja -C "$dir" >/dev/null
}

build_release() {
	build_in build
}

# The same code with AddressSanitizer and UndefinedBehaviorSanitizer.
build_sanitized() {
	build_in build-sanitize -Db_sanitize=address,undefined -Db_lundef=false \
	    -Dbuildtype=debug
}
