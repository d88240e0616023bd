# syntax=docker/dockerfile:1
# mcp-bridge as a container: a static binary on distroless, serving Streamable HTTP on port 8080.
#
#   docker build --build-arg VERSION=1.2.3 -t mcp-bridge .
#   docker run --rm -p 8080:8080 -e MCP_BRIDGE_AUTH_TOKEN=$(openssl rand -hex 32) mcp-bridge
#   docker run --rm -i mcp-bridge serve          # stdio instead, for an MCP client that runs docker
#
# Off loopback the bridge refuses to serve HTTP without MCP_BRIDGE_AUTH_TOKEN, so the first run
# needs it. There is no HEALTHCHECK: the final image has no shell or curl to run one. Point the
# orchestrator's HTTP probe at GET /healthz, which needs no token.

# The build stage runs on the builder's own platform and cross-compiles (pure Go), so a multi-platform
# build (docker buildx build --platform linux/amd64,linux/arm64) needs no emulation.
FROM --platform=$BUILDPLATFORM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
ARG TARGETOS
ARG TARGETARCH
RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \
      go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/mcp-bridge ./cmd/mcp-bridge

FROM gcr.io/distroless/static-debian12:nonroot
LABEL org.opencontainers.image.title="mcp-bridge" \
      org.opencontainers.image.source="https://github.com/workflows-mcp/mcp-bridge" \
      io.modelcontextprotocol.server.name="io.github.workflows-mcp/mcp-bridge"
COPY --from=build /out/mcp-bridge /usr/local/bin/mcp-bridge
# distroless's nonroot user (65532), by number so that runAsNonRoot policies can verify it. Its home,
# /home/nonroot, holds the sandbox's state when no backend is configured.
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/mcp-bridge"]
CMD ["serve", "--transport", "http", "--addr", "0.0.0.0:8080", "--log-format", "json"]
