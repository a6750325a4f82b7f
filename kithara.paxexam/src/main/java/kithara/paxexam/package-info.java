/** Support for users' own Pax Exam tests: {@link kithara.paxexam.KitharaOptions} provisions Kithara in a container. */
package kithara.paxexam;
