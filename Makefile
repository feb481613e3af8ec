# Thin wrapper over meson. See README.md.
BUILD ?= build
MESON_TEST = meson test -C $(BUILD) --print-errorlogs --num-processes 2
XVFB = xvfb-run -a -s "-screen 0 1280x800x24"
# The libFuzzer harnesses (fuzz/): a clang + ASan build of their own.
FUZZ_BUILD ?= $(BUILD)-clang-fuzz
# A fixed seed: make check replays the same inputs on every machine, so CI
# does not stumble on what a local run did not try.
FUZZ_CHECK_ARGS ?= -seed=1 -max_total_time=8
FUZZ_ARGS ?= -max_total_time=600

.PHONY: all deps build run server check check-plain check-valgrind check-fuzz fuzz bench screenshots clean

all: build

deps:
	@sh scripts/install-deps.sh

$(BUILD)/build.ninja:
	@sh scripts/install-deps.sh
	meson setup $(BUILD) -Dbuildtype=debugoptimized

build: $(BUILD)/build.ninja
	meson compile -C $(BUILD)

run: build
	./$(BUILD)/src/tix

server: build
	./$(BUILD)/src/tix-server

check: check-plain check-valgrind check-fuzz

check-plain: build
	$(XVFB) dbus-run-session -- $(MESON_TEST)

check-valgrind: build
	$(MESON_TEST) --setup=valgrind --suite=core --suite=server --suite=client --suite=sheet
	$(MESON_TEST) --setup=valgrindpg --suite=postgres-valgrind

# A short run of each harness (after its regression inputs); skipped without clang.
check-fuzz:
	sh fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_CHECK_ARGS)

# Longer runs: make fuzz FUZZ_ARGS="-max_total_time=3600" FUZZ_HARNESSES="fuzz-server"
fuzz:
	sh fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_ARGS)

# PostgreSQL with fsync on, as in production: the figures compare with SQLite's FULL sync.
bench: build
	TIX_PG_FSYNC=on sh tests/with-postgres.sh ./$(BUILD)/bench/tix-bench ./$(BUILD)/src/tix-server
	./$(BUILD)/bench/tix-bench-sheet 10000
	./$(BUILD)/bench/tix-bench-sales
	python3 bench/tix-bench-connections.py ./$(BUILD)/src/tix-server 100000
	./$(BUILD)/bench/tix-bench-sync ./$(BUILD)/src/tix-server 1000000
	$(XVFB) dbus-run-session -- ./$(BUILD)/bench/tix-bench-app ./$(BUILD)/src/tix-server
	$(XVFB) dbus-run-session -- ./$(BUILD)/bench/tix-bench-desk 30

screenshots: build
	$(XVFB) dbus-run-session -- ./$(BUILD)/tests/app/tix-screenshots $(BUILD)/screenshots
	$(XVFB) dbus-run-session -- ./$(BUILD)/tests/app/tix-screenshots $(BUILD)/screenshots --high-contrast
	$(XVFB) dbus-run-session -- ./$(BUILD)/tests/app/tix-screenshots $(BUILD)/screenshots --large-text

clean:
	rm -rf $(BUILD) $(FUZZ_BUILD)
