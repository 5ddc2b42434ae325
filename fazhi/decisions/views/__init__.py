"""Staff pages of the major-decision module (重大行政决策程序暂行条例):

decisions.py  the list, 我的决策, registering an item, the draft, the decision page with its action panel and
              gate, the consultation's comment desk, versions
catalogue.py  决策事项目录 and 决策事项建议
experts.py    the expert pool, choosing experts, the expert's own page, adoption of opinions
meeting.py    the legality review desk and page, the meeting record
execution.py  execution reports, accountability, the timeline text
stats.py      statistics
"""
