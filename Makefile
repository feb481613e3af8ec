# Thin wrapper over meson. See README.md.
BUILD ?= build
MESON_TEST = meson test -C $(BUILD) --print-errorlogs --num-processes 2
XVFB = xvfb-run -a -s "-screen 0 1280x800x24"

.PHONY: all deps build run server check check-plain check-valgrind bench screenshots clean

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

check: check-plain check-valgrind

check-plain: build
	$(XVFB) dbus-run-session -- $(MESON_TEST)

check-valgrind: build
	$(MESON_TEST) --setup=valgrind --suite=core --suite=server --suite=client

bench: build
	./$(BUILD)/bench/tix-bench ./$(BUILD)/src/tix-server
	./$(BUILD)/bench/tix-bench-sheet 10000

screenshots: build
	$(XVFB) dbus-run-session -- ./$(BUILD)/tests/app/tix-screenshots $(BUILD)/screenshots
	$(XVFB) dbus-run-session -- ./$(BUILD)/tests/app/tix-screenshots $(BUILD)/screenshots --high-contrast
	$(XVFB) dbus-run-session -- ./$(BUILD)/tests/app/tix-screenshots $(BUILD)/screenshots --large-text

clean:
	rm -rf $(BUILD)
