// Command ferretdb-sightline runs an embedded FerretDB (v1, SQLite backend)
// for local development of Sightline. It speaks the MongoDB wire protocol.
//
// Why embed instead of `go install github.com/FerretDB/FerretDB/cmd/ferretdb`:
// the upstream command panics on start when built outside FerretDB's own
// repository (build/version/version.txt is generated there and missing from
// the module zip). The embeddable package github.com/FerretDB/FerretDB/ferretdb
// has no such requirement.
//
// Built and started by deploy/local/setup.sh and deploy/local/up.sh.
// Logs go to stderr (up.sh redirects them to .local/logs/ferretdb.log).
//
// Limitations of FerretDB v1 to keep in mind: no multi-document transactions,
// no change streams, no TTL indexes.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

func main() {
	defaultAddr := "127.0.0.1:" + envOr("MONGO_PORT", "27017")

	listenAddr := flag.String("listen-addr", envOr("FERRETDB_LISTEN_ADDR", defaultAddr),
		"TCP address to listen on (env FERRETDB_LISTEN_ADDR, or 127.0.0.1:$MONGO_PORT)")
	dataDir := flag.String("data-dir", envOr("FERRETDB_DATA_DIR", ""),
		"directory for the SQLite databases, created if missing (env FERRETDB_DATA_DIR; required)")
	logLevel := flag.String("log-level", envOr("FERRETDB_LOG_LEVEL", "info"),
		"log level: debug, info, warn, error (env FERRETDB_LOG_LEVEL)")
	flag.Parse()

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb-sightline: bad -log-level %q: %s\n", *logLevel, err)
		os.Exit(2)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	slog.SetDefault(logger)

	if *dataDir == "" {
		fmt.Fprintln(os.Stderr, "ferretdb-sightline: -data-dir (or FERRETDB_DATA_DIR) is required")
		os.Exit(2)
	}

	dir, err := filepath.Abs(*dataDir)
	if err != nil {
		logger.Error("cannot resolve data dir", "dir", *dataDir, "error", err)
		os.Exit(1)
	}
	if err = os.MkdirAll(dir, 0o755); err != nil {
		logger.Error("cannot create data dir", "dir", dir, "error", err)
		os.Exit(1)
	}

	// The SQLite handler wants a file: URI pointing at an existing directory, ending in '/'.
	sqliteURL := (&url.URL{Scheme: "file", Path: dir + "/"}).String()

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listenAddr},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: sqliteURL,
	})
	if err != nil {
		logger.Error("cannot start FerretDB", "error", err)
		os.Exit(1)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	logger.Info("ferretdb-sightline starting",
		"pid", os.Getpid(), "listen", *listenAddr, "sqlite", sqliteURL)

	go func() {
		// MongoDBURI blocks until the listener is bound, so this line marks "listening".
		logger.Info("ferretdb-sightline listening", "uri", f.MongoDBURI())
	}()

	if err = f.Run(ctx); err != nil {
		logger.Error("FerretDB stopped with error", "error", err)
		os.Exit(1)
	}
	logger.Info("ferretdb-sightline stopped")
}
