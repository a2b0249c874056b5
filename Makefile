# The two commands the README opens with: `make demo` and `make test`.
# Both create the virtual environment they need from nothing but python3.11 and pip.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test venv clean lab

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=25.1"
	$(BIN)/python -m pip install --quiet -e '.[notebook]' --group test
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(BIN)/python examples/make_class.py examples/class
	$(BIN)/jackit grade examples/class --out out/demo --jobs 2
	$(BIN)/jackit screenshot out/demo/ivan_uphill/feedback.html out/demo/report.html

test: $(STAMP)
	OPENBLAS_NUM_THREADS=1 $(BIN)/python -m pytest -q

lab: $(STAMP)
	$(BIN)/jackit lab

clean:
	rm -rf $(VENV) out build dist
