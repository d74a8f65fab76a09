# Multi-stage build of the CRM: the SPA (WASM) and the server in a Rust image, then a slim runtime.
FROM rust:1.95-bookworm AS build
WORKDIR /src
RUN rustup target add wasm32-unknown-unknown \
 && apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
COPY . .
RUN make tools web server-release

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --home /var/lib/crm --create-home crm
COPY --from=build /src/target/release/crm-server /usr/local/bin/crm-server
COPY --from=build /src/frontend/dist /usr/share/crm/web
USER crm
WORKDIR /var/lib/crm
ENV CRM_MODE=production \
    CRM_BIND=0.0.0.0:8080 \
    CRM_DATA_DIR=/var/lib/crm \
    CRM_WEB_DIR=/usr/share/crm/web \
    CRM_LOG_FORMAT=json
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s CMD curl -fsS http://127.0.0.1:8080/readyz || exit 1
ENTRYPOINT ["crm-server"]
CMD ["serve"]
