// CLI entry point. TODO(issue 2): replaced by the full CLI.
process.stdout.write('netlens: not yet implemented\n');
