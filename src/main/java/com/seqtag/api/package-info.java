/** The HTTP API: controllers that validate and translate, request/response records, the error advice. */
package com.seqtag.api;
