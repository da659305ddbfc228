#!/usr/bin/env node
import '../src/cli/tiemeng-node.ts';
