/**
 * {@code porticoctl apply}: reads multi-document YAML or JSON, renders each document as a Mustache
 * template when {@code -v} variables are given (spec/core.md §6.5), checks every document locally
 * (parse, type, name and mesh), then PUTs them in order and stops at the first one the control
 * plane rejects. Runs on the main thread.
 */
package io.portico.cli.apply;
