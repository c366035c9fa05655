/** Typed configuration ({@code seqtag.*}) and the wiring of plain classes into Spring beans. */
package com.seqtag.config;
