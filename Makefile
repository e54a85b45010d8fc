# Used by `sam build` (template.yaml: BuildMethod makefile). Each target builds one function with the
# multi-module reactor and hands SAM its shaded jar; the Lambda Java runtime puts lib/*.jar on the class path.
MVN ?= mvn -B -ntp -q

define build_function
	$(MVN) -f "$(CURDIR)/pom.xml" package -DskipTests -pl functions/$(1) -am
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp "$(CURDIR)/functions/$(1)/target/bankfeed-$(1)-lambda.jar" "$(ARTIFACTS_DIR)/lib/"
endef

build-ListAccountsFunction:
	$(call build_function,list-accounts)

build-SnapshotBalancesFunction:
	$(call build_function,snapshot-balances)

build-SyncTransactionsFunction:
	$(call build_function,sync-transactions)

# The read API's handler lives in shared/, which every function jar carries: the smallest one serves it.
build-ReadApiFunction:
	$(call build_function,list-accounts)

.PHONY: build-ListAccountsFunction build-SnapshotBalancesFunction build-SyncTransactionsFunction build-ReadApiFunction
