package main

import (
	"flag"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseFlagsDefaults(t *testing.T) {
	cfg, err := parseFlags(nil, io.Discard)

	require.NoError(t, err)
	assert.Equal(t, config{batchSize: 50, concurrency: 4}, cfg)
}

func TestParseFlagsAll(t *testing.T) {
	cfg, err := parseFlags([]string{"-csv", "hr.csv", "-endpoint", "https://graph.microsoft.com/x", "-batch", "7",
		"-strict", "-resume", "hr.journal", "-force-resume", "-concurrency", "2", "-daily-budget", "1500"}, io.Discard)

	require.NoError(t, err)
	assert.Equal(t, config{csvPath: "hr.csv", endpoint: "https://graph.microsoft.com/x", batchSize: 7, strict: true,
		journal: "hr.journal", forceResume: true, concurrency: 2, dailyBudget: 1500}, cfg)
}

func TestParseFlagsDryRun(t *testing.T) {
	cfg, err := parseFlags([]string{"-dry-run"}, io.Discard)

	require.NoError(t, err)
	assert.True(t, cfg.dryRun)
}

func TestParseFlagsInvalid(t *testing.T) {
	tests := map[string][]string{
		"batch zero":              {"-batch", "0"},
		"batch too large":         {"-batch", "51"},
		"concurrency zero":        {"-concurrency", "0"},
		"negative daily budget":   {"-daily-budget", "-1"},
		"force-resume alone":      {"-force-resume"},
		"resume with dry run":     {"-resume", "hr.journal", "-dry-run"},
		"positional file":         {"workers.csv"},
		"unknown flag":            {"-verbose"},
		"non-numeric concurrency": {"-concurrency", "many"},
	}
	for name, args := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := parseFlags(args, io.Discard)

			assert.Error(t, err)
		})
	}
}

func TestParseFlagsHelp(t *testing.T) {
	_, err := parseFlags([]string{"-h"}, io.Discard)

	assert.ErrorIs(t, err, flag.ErrHelp)
}
