#!/usr/bin/env bash
# End-to-end check for CI: the packed package in a real n8n 2.41.1 with the Polar stand-in.
# Needs: Node 20 + npm on PATH, the project's dev dependencies installed (`npm ci`; .npmrc turns install
# scripts off), the npm registry (first run only: Node 24 + n8n, about 5 minutes and 3 GB, cached in
# ~/.cache/n8n-nodes-polar-billing — keep that folder between CI runs), loopback networking. No other network.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "[ci-e2e] installing or checking Node 24 and n8n (cold: ~5 min)" >&2
bash scripts/ensure-n8n.sh >/dev/null

echo "[ci-e2e] running the end-to-end suite" >&2
npm run test:e2e
