/**
 * Kithara for plain Java applications: {@link kithara.facade.Kithara} starts the engine in a framework of its own and
 * hands out the {@code kithara.api} services.
 */
package kithara.facade;
