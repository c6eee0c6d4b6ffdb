# statussync as an image:
#
#     docker build -t statussync:0.1.0 --build-arg STATUSSYNC_COMMIT=$(git rev-parse --short=12 HEAD) .
#     docker run --rm -v "$PWD:/work" --env-file keys.env statussync:0.1.0 sync mirror
#
# The tag is the version in Sources/StatusSyncCLI/BuildInfo.swift (statussync --version). The build
# stage runs scripts/build-static and strips the binary, as scripts/release does, so running
# scripts/release (and scripts/check-release) on a Debian bookworm machine checks these same steps.

# Build: the official Swift image; the Swift runtime is linked into the binary.
FROM swift:6.3-bookworm AS build
RUN apt-get update -q \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends libcurl4-openssl-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
ARG STATUSSYNC_COMMIT=
RUN install -m 0755 "$(scripts/build-static "$STATUSSYNC_COMMIT" | tail -n 1)" /usr/local/bin/statussync \
    && strip /usr/local/bin/statussync \
    && /usr/local/bin/statussync --version

# Run: a slim Debian with what the binary needs from the system beyond libc and libstdc++ (libcurl, and the CA
# certificates HTTPS checks the providers against), as a non-root user.
FROM debian:bookworm-slim
RUN apt-get update -q \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends libcurl4 ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --home-dir /work --create-home statussync
COPY --from=build /usr/local/bin/statussync /usr/local/bin/statussync
COPY mappings /usr/share/statussync/mappings
COPY docs/statussync.1 /usr/share/man/man1/statussync.1
USER statussync
WORKDIR /work
ENTRYPOINT ["statussync"]
CMD ["--help"]
